using System.Text;
using Microsoft.Extensions.Options;
using Observability.Sidecar.Webhooks;

namespace Observability.Sidecar.SourceWebhooks;

/// <summary>
/// The GitHub and GitLab secrets resolved once at start (inline or from their files), as the keys the endpoints
/// verify with. The options validator has already refused a bad setting, so resolving here cannot fail.
/// </summary>
internal sealed class SourceWebhookSecrets
{
    public SourceWebhookSecrets(IOptions<GitHubWebhookOptions> github, IOptions<GitLabWebhookOptions> gitlab)
    {
        var g = github.Value;
        SecretSetting.TryResolve(g.WebhookSecret, g.WebhookSecretFile, "GitHub:WebhookSecret", "GitHub:WebhookSecretFile", out var secret, out _);
        GitHubKey = secret is null ? null : Encoding.UTF8.GetBytes(secret);
        GitHubAllowUnsigned = g.AllowUnsigned;

        var l = gitlab.Value;
        SecretSetting.TryResolve(l.WebhookToken, l.WebhookTokenFile, "GitLab:WebhookToken", "GitLab:WebhookTokenFile", out var token, out _);
        GitLabToken = token;
        SecretSetting.TryResolve(l.SigningToken, l.SigningTokenFile, "GitLab:SigningToken", "GitLab:SigningTokenFile", out var signing, out _);
        GitLabSigningKey = signing is not null && WebhookSignature.TryParseSecret(signing, out var key, out _) ? key : null;
        GitLabTolerance = TimeSpan.FromSeconds(l.SignatureToleranceSeconds);
        GitLabAllowUnsigned = l.AllowUnsigned;
    }

    /// <summary>GitHub's HMAC key (the secret's UTF-8 bytes), or null when none is set.</summary>
    public byte[]? GitHubKey { get; }

    public bool GitHubAllowUnsigned { get; }

    /// <summary>GitLab's secret token, or null.</summary>
    public string? GitLabToken { get; }

    /// <summary>GitLab's signing key (the bytes the <c>whsec_</c> token encodes), or null.</summary>
    public byte[]? GitLabSigningKey { get; }

    public TimeSpan GitLabTolerance { get; }

    public bool GitLabAllowUnsigned { get; }
}
