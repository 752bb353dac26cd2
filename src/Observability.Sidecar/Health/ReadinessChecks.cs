using Microsoft.Extensions.Diagnostics.HealthChecks;
using Observability.Sidecar.Hosting;

namespace Observability.Sidecar.Health;

/// <summary>
/// What readiness and start-up are made of, each a health check whose description is the text <c>/readiness</c> and
/// <c>/startup</c> show: <c>ok</c> when healthy, otherwise what is wrong.
/// </summary>
internal static class ReadinessChecks
{
    public const string Ok = "ok";

    /// <summary>The start-up replay's state as text: ok, failed with the reason, or in progress.</summary>
    public static string Replay(EventLogHandle state) =>
        state.Log is not null ? Ok : state.OpenError is { } error ? $"failed: {error}" : "in progress";

    public static HealthCheckResult Result(string text) =>
        text == Ok ? HealthCheckResult.Healthy(Ok) : HealthCheckResult.Unhealthy(text);
}
