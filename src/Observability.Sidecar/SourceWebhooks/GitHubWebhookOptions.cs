namespace Observability.Sidecar.SourceWebhooks;

/// <summary>
/// The <c>GitHub</c> configuration section: the secret GitHub signs <c>POST /api/v1/webhooks/github</c> deliveries
/// with (<c>X-Hub-Signature-256</c>). Without a secret every delivery is refused (401) unless
/// <see cref="AllowUnsigned"/> says the network is trusted.
/// </summary>
public sealed class GitHubWebhookOptions
{
    /// <summary>The configuration section name.</summary>
    public const string Section = "GitHub";

    /// <summary>The webhook's secret as entered in GitHub's settings. Default none.</summary>
    public string? WebhookSecret { get; set; }

    /// <summary>
    /// A file holding the secret (a mounted Kubernetes secret); read once at start, a trailing newline ignored. Default
    /// none. Exclusive with <see cref="WebhookSecret"/>.
    /// </summary>
    public string? WebhookSecretFile { get; set; }

    /// <summary>
    /// Accept deliveries without checking a signature when no secret is set. Default <c>false</c>: anyone who can
    /// reach the sidecar could otherwise write merges and pipeline runs into the log.
    /// </summary>
    public bool AllowUnsigned { get; set; }
}
