namespace Observability.Sidecar.Hosting;

/// <summary>When the process started, for <c>/health</c>'s uptime.</summary>
/// <param name="At">The moment, from the sidecar's <see cref="TimeProvider"/>.</param>
internal sealed record StartTime(DateTimeOffset At);
