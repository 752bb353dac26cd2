namespace Observability.Sidecar.Hosting;

/// <summary>A component's state and an optional detail (why it is degraded or failed).</summary>
internal sealed record ComponentReading(string State, string? Detail);
