using Microsoft.Extensions.Options;

namespace Observability.Sidecar.Webhooks;

/// <summary>Checks the <c>Webhooks</c> section at start; each failure names its setting.</summary>
internal sealed class WebhookOptionsValidator : IValidateOptions<WebhookOptions>
{
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

        if (options.Urls.Distinct(StringComparer.Ordinal).Count() != options.Urls.Count)
        {
            // Each URL has one delivery position; two loops sharing it would each skip what the other delivered.
            failures.Add($"{WebhookOptions.Section}:Urls lists a URL twice.");
        }

        if (options.Secret is not null && !WebhookSignature.TryParseSecret(options.Secret, out _, out var problem))
        {
            failures.Add($"{WebhookOptions.Section}:Secret {problem}");
        }

        Range(failures, nameof(WebhookOptions.TimeoutSeconds), options.TimeoutSeconds, 0, 300);
        Range(failures, nameof(WebhookOptions.BaseDelaySeconds), options.BaseDelaySeconds, 0, 3600);
        Range(failures, nameof(WebhookOptions.MaxDelaySeconds), options.MaxDelaySeconds, 0, 86_400);
        Range(failures, nameof(WebhookOptions.MaxRetryHours), options.MaxRetryHours, 0, 8760);
        Range(failures, nameof(WebhookOptions.PollSeconds), options.PollSeconds, 0, 60);
        if (options.MaxDelaySeconds < options.BaseDelaySeconds)
        {
            failures.Add(
                $"{WebhookOptions.Section}:MaxDelaySeconds ({options.MaxDelaySeconds}) must be at least BaseDelaySeconds ({options.BaseDelaySeconds}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    // Above the lower bound (exclusive), at most the upper one.
    private static void Range(List<string> failures, string setting, double value, double above, double atMost)
    {
        if (!(value > above && value <= atMost))
        {
            failures.Add($"{WebhookOptions.Section}:{setting} must be above {above} and at most {atMost}, was {value}.");
        }
    }
}
