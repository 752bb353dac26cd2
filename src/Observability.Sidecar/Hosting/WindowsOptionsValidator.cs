using Microsoft.Extensions.Options;
using Observability.Analytics.Windows;

namespace Observability.Sidecar.Hosting;

/// <summary>Checks the <c>Windows</c> and <c>Webhooks</c> sections at start; each failure names its setting.</summary>
internal sealed class WindowsOptionsValidator : IValidateOptions<WindowsOptions>, IValidateOptions<WebhookOptions>
{
    public ValidateOptionsResult Validate(string? name, WindowsOptions options)
    {
        var failures = options.Validate();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    public ValidateOptionsResult Validate(string? name, WebhookOptions options)
    {
        var failures = new List<string>();
        foreach (var url in options.Urls)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                failures.Add($"{WebhookOptions.Section}:Urls: '{url}' is not an absolute http or https URL.");
            }
        }

        if (!(options.TimeoutSeconds is > 0 and <= 300))
        {
            failures.Add($"{WebhookOptions.Section}:TimeoutSeconds must be above 0 and at most 300, was {options.TimeoutSeconds}.");
        }

        if (options.MaxRetries is < 0 or > 20)
        {
            failures.Add($"{WebhookOptions.Section}:MaxRetries must be between 0 and 20, was {options.MaxRetries}.");
        }

        if (!(options.BaseDelaySeconds is > 0 and <= 60))
        {
            failures.Add($"{WebhookOptions.Section}:BaseDelaySeconds must be above 0 and at most 60, was {options.BaseDelaySeconds}.");
        }

        if (!(options.BreakSeconds is >= 0.5 and <= 3600))
        {
            failures.Add($"{WebhookOptions.Section}:BreakSeconds must be between 0.5 and 3600, was {options.BreakSeconds}.");
        }

        if (options.QueueCapacity is < 1 or > 1_000_000)
        {
            failures.Add($"{WebhookOptions.Section}:QueueCapacity must be between 1 and 1000000, was {options.QueueCapacity}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
