using Microsoft.Extensions.Options;
using Observability.Learning;

namespace Observability.Sidecar.Learning;

/// <summary>Checks the <c>Learning</c> section at start, each failure naming its key.</summary>
internal sealed class LearningOptionsValidator : IValidateOptions<LearningOptions>
{
    public ValidateOptionsResult Validate(string? name, LearningOptions options)
    {
        var failures = options.Validate();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
