using Microsoft.Extensions.Options;
using Observability.Analytics.Windows;

namespace Observability.Sidecar.Hosting;

/// <summary>Checks the <c>Windows</c> section at start; each failure names its setting.</summary>
internal sealed class WindowsOptionsValidator : IValidateOptions<WindowsOptions>
{
    public ValidateOptionsResult Validate(string? name, WindowsOptions options)
    {
        var failures = options.Validate();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
