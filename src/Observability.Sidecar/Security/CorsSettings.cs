namespace Observability.Sidecar.Security;

/// <summary><c>Cors</c>: the browser origins allowed to call the sidecar; none, the default, leaves CORS off.</summary>
internal sealed class CorsSettings
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Cors";

    /// <summary>The named policy the CORS middleware applies.</summary>
    public const string PolicyName = "configured-origins";

    /// <summary>Origins (<c>https://dashboard.example.com</c>, scheme, host and port only) a browser client may call from.</summary>
    public IList<string> AllowedOrigins { get; init; } = [];
}
