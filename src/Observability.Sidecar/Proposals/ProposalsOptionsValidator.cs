using Microsoft.Extensions.Options;
using Observability.Proposals;
using Observability.Sidecar.Webhooks;

namespace Observability.Sidecar.Proposals;

/// <summary>Checks the <c>Proposals</c> section at start; each failure names its setting.</summary>
internal sealed class ProposalsOptionsValidator : IValidateOptions<ProposalsOptions>
{
    private const string Section = ProposalsOptions.Section;

    public ValidateOptionsResult Validate(string? name, ProposalsOptions options)
    {
        var failures = new List<string>();
        if (Severity.Rank(options.MinSeverity) < 0)
        {
            failures.Add($"{Section}:MinSeverity must be one of {string.Join(", ", Severity.All)}, was '{options.MinSeverity}'.");
        }

        if (options.LinkBaseUrl is not null && !IsHttpUrl(options.LinkBaseUrl))
        {
            failures.Add($"{Section}:LinkBaseUrl: '{options.LinkBaseUrl}' is not an absolute http or https URL.");
        }

        if (options.MaxDeliveriesPerHour is < 1 or > 10_000)
        {
            failures.Add($"{Section}:MaxDeliveriesPerHour must be 1 to 10000, was {options.MaxDeliveriesPerHour}.");
        }

        Range(failures, nameof(ProposalsOptions.TimeoutSeconds), options.TimeoutSeconds, 300);
        Range(failures, nameof(ProposalsOptions.BaseDelaySeconds), options.BaseDelaySeconds, 3600);
        Range(failures, nameof(ProposalsOptions.MaxDelaySeconds), options.MaxDelaySeconds, 86_400);
        if (options.MaxDelaySeconds < options.BaseDelaySeconds)
        {
            failures.Add($"{Section}:MaxDelaySeconds ({options.MaxDelaySeconds}) must be at least BaseDelaySeconds ({options.BaseDelaySeconds}).");
        }

        if (options.Webhook.Url is { } url && !IsHttpUrl(url))
        {
            failures.Add($"{Section}:Webhook:Url: '{url}' is not an absolute http or https URL.");
        }

        if (options.Webhook.Secret is { } secret && !WebhookSignature.TryParseSecret(secret, out _, out var problem))
        {
            failures.Add($"{Section}:Webhook:Secret {problem}");
        }

        ValidateGitHub(options.GitHub, failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateGitHub(GitHubTrackerOptions github, List<string> failures)
    {
        if (!github.Enabled)
        {
            return;
        }

        foreach (var (setting, value) in new[] { ("Owner", github.Owner), ("Repository", github.Repository), ("Token", github.Token) })
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                failures.Add($"{Section}:GitHub:{setting} is required when any of GitHub's Owner, Repository or Token is set.");
            }
        }

        if (!IsHttpUrl(github.BaseUrl))
        {
            failures.Add($"{Section}:GitHub:BaseUrl: '{github.BaseUrl}' is not an absolute http or https URL.");
        }

        // The first label is how the sidecar finds its issues again; it travels in a comma-separated query parameter.
        foreach (var label in github.EffectiveLabels)
        {
            if (string.IsNullOrWhiteSpace(label) || label.Length > 50 || label.Contains(',', StringComparison.Ordinal))
            {
                failures.Add($"{Section}:GitHub:Labels: '{label}' must be 1 to 50 characters without a comma.");
            }
        }
    }

    private static bool IsHttpUrl(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    // Above zero, at most the upper bound.
    private static void Range(List<string> failures, string setting, double value, double atMost)
    {
        if (!(value > 0 && value <= atMost))
        {
            failures.Add($"{Section}:{setting} must be above 0 and at most {atMost}, was {value}.");
        }
    }
}
