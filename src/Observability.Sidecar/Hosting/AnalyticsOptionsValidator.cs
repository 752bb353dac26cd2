using Microsoft.Extensions.Options;
using Observability.Analytics;

namespace Observability.Sidecar.Hosting;

/// <summary>Checks <c>Analytics:*</c> (the price table) at start; each failure names the setting.</summary>
internal sealed class AnalyticsOptionsValidator : IValidateOptions<AnalyticsOptions>
{
    public ValidateOptionsResult Validate(string? name, AnalyticsOptions options) =>
        options.Validate() is { Count: > 0 } failures ? ValidateOptionsResult.Fail(failures) : ValidateOptionsResult.Success;
}
