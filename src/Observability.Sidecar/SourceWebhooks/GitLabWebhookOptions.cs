namespace Observability.Sidecar.SourceWebhooks;

/// <summary>
/// The <c>GitLab</c> configuration section: the secret token GitLab sends in <c>X-Gitlab-Token</c> and the signing
/// token (<c>whsec_...</c>, the Standard Webhooks scheme) it signs deliveries with in <c>webhook-signature</c>. When
/// both are set both must hold. Without either every delivery is refused (401) unless <see cref="AllowUnsigned"/>.
/// </summary>
public sealed class GitLabWebhookOptions
{
    /// <summary>The configuration section name.</summary>
    public const string Section = "GitLab";

    /// <summary>How far a signed delivery's <c>webhook-timestamp</c> may be from now: 5 minutes (Standard Webhooks).</summary>
    public const double DefaultSignatureToleranceSeconds = 300;

    /// <summary>The webhook's secret token. Default none.</summary>
    public string? WebhookToken { get; set; }

    /// <summary>A file holding the secret token (a mounted Kubernetes secret), read once at start. Default none.</summary>
    public string? WebhookTokenFile { get; set; }

    /// <summary>The webhook's signing token, <c>whsec_</c> and the key in base64. Default none.</summary>
    public string? SigningToken { get; set; }

    /// <summary>A file holding the signing token, read once at start. Default none.</summary>
    public string? SigningTokenFile { get; set; }

    /// <summary>Replay window of a signed delivery. Default <see cref="DefaultSignatureToleranceSeconds"/>.</summary>
    public double SignatureToleranceSeconds { get; set; } = DefaultSignatureToleranceSeconds;

    /// <summary>Accept deliveries without a token when none is set. Default <c>false</c>.</summary>
    public bool AllowUnsigned { get; set; }
}
