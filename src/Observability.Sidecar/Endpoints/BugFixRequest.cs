using System.Text.Json;
using System.Text.Json.Nodes;

namespace Observability.Sidecar.Endpoints;

/// <summary>The WS-METRICS contract's <c>POST /api/v1/metrics/bug-fix</c> body, translated into one <c>bug:fixed</c> event.</summary>
internal static class BugFixRequest
{
    private static readonly string[] Fields =
        ["id", "ws_execution_id", "autonomous", "description", "root_cause", "test_name", "fix_summary", "files_modified", "scope_id", "fixed_at"];

    /// <exception cref="BodyException">A field is missing or wrong.</exception>
    public static (string Id, string ExecutionId, JsonObject Event) Parse(JsonElement root, DateTimeOffset now)
    {
        var body = new BodyFields(root, string.Empty, Fields);
        var executionId = body.RequiredText("ws_execution_id", WsExecutionRequest.MaxIdLength);
        var autonomous = body.Boolean("autonomous") ?? throw body.Wrong("autonomous", "is required: true if fixed without human escalation.");
        var id = body.Text("id", 128) ?? Guid.NewGuid().ToString();
        var e = WsExecutionRequest.Event(id, "bug:fixed", id, body.Time("fixed_at") ?? now, new JsonObject
        {
            ["wsExecutionId"] = executionId,
            ["autonomous"] = autonomous,
            ["description"] = body.Text("description", 1000),
            ["rootCause"] = body.Text("root_cause", 1000),
            ["testName"] = body.Text("test_name", 500),
            ["fixSummary"] = body.Text("fix_summary", 4000),
            ["filesModified"] = body.Strings("files_modified"),
            ["scopeId"] = body.Text("scope_id", 128),
        });
        e["entityType"] = "bug";
        return (id, executionId, e);
    }
}
