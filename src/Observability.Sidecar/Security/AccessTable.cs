using System.Collections.Frozen;

namespace Observability.Sidecar.Security;

/// <summary>
/// Who may call each endpoint, in one table: a new endpoint is one line here. An endpoint mapped without a line stops
/// the sidecar at start (<see cref="EndpointAccessCheck"/>), so none is ever served without a policy.
/// </summary>
internal static class AccessTable
{
    /// <summary>"METHOD /route/pattern" to its access.</summary>
    public static readonly FrozenDictionary<string, EndpointAccess> Entries = new Dictionary<string, EndpointAccess>(StringComparer.Ordinal)
    {
        // Probes and the build: open, always.
        ["GET /health"] = EndpointAccess.Open,
        ["GET /readiness"] = EndpointAccess.Open,
        ["GET /startup"] = EndpointAccess.Open,
        ["GET /version"] = EndpointAccess.Open,
        ["GET /metrics"] = EndpointAccess.Metrics,

        // Writes.
        ["POST /api/v1/events"] = EndpointAccess.Ingest,
        ["POST /api/v1/metrics/ws-execution"] = EndpointAccess.Ingest,
        ["POST /api/v1/metrics/bug-fix"] = EndpointAccess.Ingest,
        ["POST /api/v1/outcomes"] = EndpointAccess.Ingest,
        ["POST /v1/logs"] = EndpointAccess.Ingest,
        ["POST /v1/metrics"] = EndpointAccess.Ingest,
        ["POST /opentelemetry.proto.collector.logs.v1.LogsService/Export"] = EndpointAccess.Ingest,
        ["POST /opentelemetry.proto.collector.metrics.v1.MetricsService/Export"] = EndpointAccess.Ingest,
        ["POST /api/v1/cloudevents"] = EndpointAccess.Ingest,

        // Webhooks from code hosts: their own signatures.
        ["POST /api/v1/webhooks/github"] = EndpointAccess.Signed,
        ["POST /api/v1/webhooks/gitlab"] = EndpointAccess.Signed,

        // Reads.
        ["GET /api/v1/summary"] = EndpointAccess.Read,
        ["GET /api/agent/metrics"] = EndpointAccess.Read,
        ["GET /api/v1/metrics/ws-executions"] = EndpointAccess.Read,
        ["GET /api/v1/metrics/ws-executions/{id}"] = EndpointAccess.Read,
        ["GET /api/v1/metrics/dashboard"] = EndpointAccess.Read,
        ["GET /api/v1/metrics/cost-summary"] = EndpointAccess.Read,
        ["GET /api/v1/metrics/scoreboard"] = EndpointAccess.Read,
        ["GET /api/v1/windows"] = EndpointAccess.Read,
        ["GET /api/v1/experiments"] = EndpointAccess.Read,
        ["GET /api/v1/experiments/{name}"] = EndpointAccess.Read,
        ["GET /api/v1/experiments/{name}/assign"] = EndpointAccess.Read,
        ["GET /api/v1/goals"] = EndpointAccess.Read,
        ["GET /api/v1/goals/{name}"] = EndpointAccess.Read,
        ["GET /api/v1/proposals"] = EndpointAccess.Read,
        ["GET /api/v1/proposals/{id}"] = EndpointAccess.Read,
        ["GET /api/v1/review/priorities"] = EndpointAccess.Read,
        ["GET /api/v1/findings"] = EndpointAccess.Read,
        ["GET /api/v1/findings/{id}"] = EndpointAccess.Read,
        ["GET /api/v1/context"] = EndpointAccess.Read,

        // Administration.
        ["POST /api/v1/experiments"] = EndpointAccess.Admin,
        ["POST /api/v1/goals"] = EndpointAccess.Admin,
        ["POST /api/v1/proposals/{id}/approve"] = EndpointAccess.Admin,
        ["POST /api/v1/proposals/{id}/reject"] = EndpointAccess.Admin,
        ["POST /api/v1/review"] = EndpointAccess.Admin,
        ["POST /api/v1/reflect"] = EndpointAccess.Admin,
        ["POST /api/v1/admin/compact"] = EndpointAccess.Admin,
        ["POST /api/v1/admin/refresh"] = EndpointAccess.Admin,
        ["GET /api/v1/admin/refresh"] = EndpointAccess.Admin,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The table's key for an endpoint: "METHOD /pattern".</summary>
    public static string KeyOf(string method, string pattern) => $"{method} /{pattern.TrimStart('/')}";
}
