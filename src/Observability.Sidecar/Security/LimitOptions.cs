namespace Observability.Sidecar.Security;

/// <summary><c>Limits</c>: request rates, per token and per address of callers without one.</summary>
internal sealed class LimitOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Limits";

    /// <summary>Requests per second per token (or per address without one); 0, the default, is unlimited.</summary>
    public int RequestsPerSecond { get; set; }

    /// <summary>How many requests a caller may make at once after a quiet spell; 0 means twice the rate.</summary>
    public int Burst { get; set; }
}
