using Microsoft.Extensions.Options;
using Observability.Sidecar.Webhooks;

namespace Observability.Sidecar.SourceWebhooks;

/// <summary>Checks the <c>GitHub</c> and <c>GitLab</c> sections at start; each failure names its setting.</summary>
internal sealed class SourceWebhookOptionsValidator : IValidateOptions<GitHubWebhookOptions>, IValidateOptions<GitLabWebhookOptions>
{
    public ValidateOptionsResult Validate(string? name, GitHubWebhookOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return SecretSetting.TryResolve(options.WebhookSecret, options.WebhookSecretFile, "GitHub:WebhookSecret", "GitHub:WebhookSecretFile", out _, out var problem)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(problem);
    }

    public ValidateOptionsResult Validate(string? name, GitLabWebhookOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (!SecretSetting.TryResolve(options.WebhookToken, options.WebhookTokenFile, "GitLab:WebhookToken", "GitLab:WebhookTokenFile", out _, out var problem))
        {
            failures.Add(problem);
        }

        if (!SecretSetting.TryResolve(options.SigningToken, options.SigningTokenFile, "GitLab:SigningToken", "GitLab:SigningTokenFile", out var signing, out problem))
        {
            failures.Add(problem);
        }
        else if (signing is not null && !WebhookSignature.TryParseSecret(signing, out _, out problem))
        {
            failures.Add($"GitLab:SigningToken {problem}");
        }

        if (!(options.SignatureToleranceSeconds is > 0 and <= 86_400))
        {
            failures.Add($"GitLab:SignatureToleranceSeconds must be above 0 and at most 86400, was {options.SignatureToleranceSeconds}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
