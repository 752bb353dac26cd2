using Microsoft.Extensions.Options;
using Observability.Experiments;

namespace Observability.Sidecar.Hosting;

/// <summary>Checks the <c>Experiments</c> section at start: settings and every configured declaration, each failure naming its key.</summary>
internal sealed class ExperimentsOptionsValidator : IValidateOptions<ExperimentsOptions>
{
    public ValidateOptionsResult Validate(string? name, ExperimentsOptions options)
    {
        var failures = options.Validate();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
