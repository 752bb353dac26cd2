using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Observability.Sidecar.Tests.Analytics;
using Observability.Sidecar.Tests.Support;

namespace Observability.Sidecar.Tests;

/// <summary>
/// Numbers are bounded where they are summed: every summed field has a documented maximum and is refused beyond it with
/// 400 naming the field; whole numbers are accepted in any JSON spelling (<c>1e2</c> is 100) when in range; reports
/// answer finite numbers even over a log written before the bounds; a second merge of a work item is not a merge.
/// </summary>
public sealed class NumberBoundsTests(SidecarFixture fixture) : IClassFixture<SidecarFixture>
{
    private const string Write = "/api/v1/metrics/ws-execution";

    private SidecarProcess Sidecar => fixture.Sidecar;

    /// <summary>An event (as JSON with a placeholder for a unique id) and the field its answer must name.</summary>
    public static TheoryData<string, string> OutOfRange => new()
    {
        { """{"eventType":"llm:call","agent":{"model":"m"},"metadata":{"costUsd":1.7e308}}""", "metadata.costUsd" },
        { """{"eventType":"llm:call","agent":{"model":"m"},"metadata":{"costUsd":1000000.01}}""", "metadata.costUsd" },
        { """{"eventType":"task:completed","metadata":{"costUsd":1e300}}""", "metadata.costUsd" },
        { """{"eventType":"llm:call","agent":{"model":"m","tokens":{"input":1000000001,"output":1}}}""", "agent.tokens.input" },
        { """{"eventType":"llm:call","agent":{"model":"m","tokens":{"input":1,"output":9223372036854775807}}}""", "agent.tokens.output" },
        { """{"eventType":"task:completed","metadata":{"durationSeconds":1e12}}""", "metadata.durationSeconds" },
        { """{"eventType":"review:completed","metadata":{"turnaroundSeconds":315360001}}""", "metadata.turnaroundSeconds" },
        { """{"eventType":"workitem:merged","metadata":{"attempts":2147483648}}""", "metadata.attempts" },
        { """{"eventType":"workitem:merged","metadata":{"attempts":1e30}}""", "metadata.attempts" },
        { """{"eventType":"workitem:merged","metadata":{"attempts":12345678901234567890}}""", "metadata.attempts" },
        { """{"eventType":"workitem:merged","metadata":{"attempts":1001}}""", "metadata.attempts" },
        { """{"eventType":"workitem:merged","metadata":{"attempts":0}}""", "metadata.attempts" },
        { """{"eventType":"lint:reported","metadata":{"severity":"error","count":1e20}}""", "metadata.count" },
        { """{"eventType":"test:run","metadata":{"passed":1000000001,"failed":0}}""", "metadata.passed" },
        { """{"eventType":"ws:execution","metadata":{"status":"STARTED","llmCalls":1e10}}""", "metadata.llmCalls" },
        { """{"eventType":"ai:code","metadata":{"linesGenerated":1,"linesAccepted":-1}}""", "metadata.linesAccepted" },
    };

    [Theory]
    [MemberData(nameof(OutOfRange))]
    public async Task Post_SummedFieldBeyondItsMaximum_Answers400NamingTheField(string partial, string field)
    {
        var response = await Sidecar.PostAsync(Complete(partial), "application/json");

        Assert.True(response.Status == HttpStatusCode.BadRequest, response.ToString());
        var item = Assert.Single(response.Json.GetProperty("items").EnumerateArray());
        Assert.Equal(field, item.GetProperty("field").GetString());
        Assert.Contains(field, response.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_WholeNumbersInExponentForm_AreAcceptedAsTheirValueEverywhere()
    {
        var model = "exp-" + TestEvents.Unique();
        var project = "exp-" + TestEvents.Unique();
        var before = await Sidecar.ScrapeAsync();

        var response = await Sidecar.PostAsync(
            string.Join('\n',
                Complete("""{"eventType":"llm:call","agent":{"model":"MODEL","tokens":{"input":1e2,"output":2.5E1}}}""".Replace("MODEL", model, StringComparison.Ordinal)),
                Complete("""{"eventType":"lint:reported","metadata":{"severity":"info","count":1e2}}"""),
                Complete($$$"""{"eventType":"workitem:merged","entityId":"WI-exp","metadata":{"attempts":2e0,"project":"{{{project}}}"}}""")),
            "application/x-ndjson");

        Assert.True(response.Status == HttpStatusCode.OK, response.ToString());
        Assert.Equal(3, response.Json.GetProperty("accepted").GetInt32());
        var after = await Sidecar.ScrapeAsync();
        Assert.Equal(100, after.Value("agentobs_llm_tokens_total", "model", model, "direction", "input"));
        Assert.Equal(25, after.Value("agentobs_llm_tokens_total", "model", model, "direction", "output"));
        Assert.Equal(100, after.ValueOrZero("agentobs_lint_errors_total", "severity", "info") - before.ValueOrZero("agentobs_lint_errors_total", "severity", "info"));
        Assert.Equal(2, after.Value("agentobs_merge_attempts_sum", "project", project));
    }

    [Fact]
    public async Task Post_FractionalWholeNumber_IsRejectedWhateverItsSpelling()
    {
        var response = await Sidecar.PostAsync(Complete("""{"eventType":"llm:call","agent":{"model":"m","tokens":{"input":1.5e0,"output":1}}}"""), "application/json");

        Assert.True(response.Status == HttpStatusCode.BadRequest, response.ToString());
        Assert.Equal("agent.tokens.input", response.Json.GetProperty("items")[0].GetProperty("field").GetString());
    }

    [Theory]
    [InlineData("llm_cost_usd", "1.7e308")]
    [InlineData("llm_cost_usd", "1000001")]
    [InlineData("llm_tokens_in", "1e13")]
    [InlineData("rework_cycles", "1e20")]
    [InlineData("llm_calls", "2147483648")]
    public async Task WsExecution_SummedFieldBeyondItsMaximum_Answers400NamingTheField(string field, string value)
    {
        var body = $$"""{"execution_id":"big-{{TestEvents.Unique()}}","status":"STARTED","{{field}}":{{value}}}""";

        var response = await PostRawJsonAsync(Write, body);

        AnalyticsHttp.AssertProblem(response, HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task WsExecution_PhaseDurationBeyondItsMaximum_Answers400NamingTheField()
    {
        var id = "big-" + TestEvents.Unique();
        Assert.Equal(HttpStatusCode.Created, (await PostRawJsonAsync(Write, $$"""{"execution_id":"{{id}}","status":"STARTED"}""")).Status);

        var response = await PostRawJsonAsync(Write, $$$"""{"execution_id":"{{{id}}}","phase":{"event_id":"p-{{{id}}}","name":"verify","duration_seconds":1e12}}""");

        AnalyticsHttp.AssertProblem(response, HttpStatusCode.BadRequest, "phase.duration_seconds");
    }

    [Fact]
    public async Task WsExecution_WholeNumbersInExponentForm_AreTheirValue()
    {
        var id = "exp-" + TestEvents.Unique();

        var response = await PostRawJsonAsync(Write, $$"""{"execution_id":"{{id}}","status":"STARTED","model":"m","llm_tokens_in":1e3,"llm_tokens_out":5E1,"rework_cycles":2.0}""");

        Assert.True(response.Status == HttpStatusCode.Created, response.ToString());
        var record = await Sidecar.GetJsonAsync($"/api/v1/metrics/ws-executions/{id}");
        Assert.Equal(1000, record.GetProperty("llm").GetProperty("input_tokens").GetInt64());
        Assert.Equal(50, record.GetProperty("llm").GetProperty("output_tokens").GetInt64());
    }

    [Fact]
    public async Task WsExecution_DurationSeconds_IsServedInWholeSecondsAsSeed002sIntegerColumn()
    {
        var id = "whole-" + TestEvents.Unique();
        Assert.Equal(HttpStatusCode.Created, (await PostRawJsonAsync(Write, $$"""{"execution_id":"{{id}}","status":"STARTED","started_at":"2026-03-01T10:00:00.4Z"}""")).Status);
        await PostRawJsonAsync(Write, $$$"""{"execution_id":"{{{id}}}","phase":{"event_id":"p-{{{id}}}","name":"verify","duration_seconds":269.5}}""");

        var done = await PostRawJsonAsync(Write, $$"""{"execution_id":"{{id}}","status":"COMPLETED","completed_at":"2026-03-01T10:30:01Z"}""");

        Assert.True(done.Status == HttpStatusCode.OK, done.ToString());
        var record = await Sidecar.GetJsonAsync($"/api/v1/metrics/ws-executions/{id}");
        Assert.Equal("1801", record.GetProperty("duration_seconds").GetRawText());
        Assert.Equal("270", record.GetProperty("phases")[0].GetProperty("duration_seconds").GetRawText());
    }

    [Fact]
    public async Task Reports_OverALogWrittenBeforeTheBounds_AnswerFiniteNumbersAlsoAfterARestart()
    {
        // The bounds are new: a log may already hold values they refuse. Two costs of 1.7e308 sum to infinity, which
        // no JSON can hold; the reports must still answer, with such values left out, now and after a restart.
        using var directory = new TempDirectory("bounds-log");
        var data = directory.Combine("data");
        Directory.CreateDirectory(EventLogFiles.EventsDirectory(data));
        var records = new List<string>
        {
            """{"id":"ws-1","timestamp":"2026-02-23T10:00:00Z","eventType":"ws:execution","entityType":"ws","entityId":"run-1","agent":{"model":"m","tokens":{"input":9000000000000000000,"output":9000000000000000000}},"metadata":{"status":"STARTED","wsId":"WS-1","costUsd":1.7e308,"reworkCycles":2000000000,"llmCalls":2000000000,"testsWritten":2000000000}}""",
            """{"id":"ws-2","timestamp":"2026-02-23T10:00:00Z","eventType":"ws:execution","entityType":"ws","entityId":"run-2","agent":{"model":"m","tokens":{"input":9000000000000000000,"output":9000000000000000000}},"metadata":{"status":"COMPLETED","wsId":"WS-1","startedAt":"2026-02-23T09:00:00Z","costUsd":1.7e308,"reworkCycles":2000000000,"llmCalls":2000000000,"testsWritten":2000000000}}""",
            """{"id":"call-1","timestamp":"2026-02-23T10:01:00Z","eventType":"llm:call","entityType":"llm","entityId":"c-1","agent":{"model":"m","tokens":{"input":9000000000000000000,"output":1}},"metadata":{"costUsd":1.7e308,"wsExecutionId":"run-1"}}""",
            """{"id":"call-2","timestamp":"2026-02-23T10:02:00Z","eventType":"llm:call","entityType":"llm","entityId":"c-2","agent":{"model":"m","tokens":{"input":9000000000000000000,"output":1}},"metadata":{"costUsd":1.7e308,"wsExecutionId":"run-1"}}""",
            """{"id":"t-1","timestamp":"2026-02-23T10:00:00Z","eventType":"task:completed","entityType":"task","entityId":"T-1","agent":{"model":"m","role":"impl","tokens":{"input":9000000000000000000,"output":9000000000000000000}},"metadata":{"durationSeconds":1.7e308,"costUsd":1.7e308}}""",
            """{"id":"t-2","timestamp":"2026-02-23T10:00:00Z","eventType":"task:completed","entityType":"task","entityId":"T-2","agent":{"model":"m","role":"impl","tokens":{"input":9000000000000000000,"output":9000000000000000000}},"metadata":{"durationSeconds":1.7e308,"costUsd":1.7e308}}""",
            """{"id":"w-1","timestamp":"2026-02-23T10:00:00Z","eventType":"workitem:merged","entityType":"workitem","entityId":"WI-1","metadata":{"attempts":1e30}}""",
        };
        File.WriteAllBytes(
            Path.Combine(EventLogFiles.EventsDirectory(data), "00000000000000000000.log"),
            [.. records.SelectMany(EventLogFiles.Frame)]);
        string[] reports =
        [
            "/api/v1/metrics/cost-summary", "/api/v1/metrics/dashboard?window=all", "/api/v1/metrics/scoreboard?window=all",
            "/api/v1/metrics/ws-executions/run-1", "/api/v1/metrics/ws-executions/run-2", "/api/v1/metrics/ws-executions",
            "/api/v1/summary", "/api/agent/metrics", "/api/v1/windows",
        ];

        for (var start = 0; start < 2; start++)
        {
            await using var sidecar = await SidecarProcess.StartAsync(data);
            foreach (var report in reports)
            {
                var response = await sidecar.GetAsync(report);
                Assert.True(response.Status == HttpStatusCode.OK, $"start {start + 1}, GET {report}: {response}");
                AssertFinite(response.Json, report);
            }

            var cost = (await sidecar.GetAsync("/api/v1/metrics/cost-summary")).Json;
            Assert.Equal(0, cost.GetProperty("total").GetProperty("cost_usd").GetDouble());
            Assert.Equal(0, await sidecar.StopAsync());
        }
    }

    [Fact]
    public async Task Merge_SecondMergeOfAWorkItemUnderANewId_StoredButCountedOnceEverywhere()
    {
        using var directory = new TempDirectory("bounds-merge");
        await using var sidecar = await SidecarProcess.StartAsync(directory.Combine("data"));
        var first = Merge("m-1", "WI-7", 1);
        var second = Merge("m-2", "WI-7", 3);

        var response = await sidecar.PostNdjsonAsync(first, second, Merge("m-3", "WI-8", 2));

        Assert.True(response.Status == HttpStatusCode.OK, response.ToString());
        Assert.Equal(3, response.Json.GetProperty("accepted").GetInt32());
        var metrics = await sidecar.ScrapeAsync();
        Assert.Equal(1, metrics.Value("agentobs_merges_total", "project", "p", "first_pass", "true", "rebase_conflict", "false"));
        Assert.Equal(1, metrics.Value("agentobs_merges_total", "project", "p", "first_pass", "false", "rebase_conflict", "false"));
        Assert.Equal(2, metrics.Value("agentobs_merge_attempts_count", "project", "p"));
        Assert.Equal(3, metrics.Value("agentobs_merge_attempts_sum", "project", "p"));
        Assert.Equal(1, metrics.Value("agentobs_merges_repeated_total", "project", "p"));
        var windows = (await sidecar.GetAsync("/api/v1/windows")).Json;
        Assert.Equal(2, windows.GetProperty("merges").GetInt64());
        Assert.Equal(2, windows.GetProperty("global").GetProperty("first_pass_merge_rate").GetProperty("n").GetInt32());

        // The same after a restart, when the derived state is restored or replayed.
        Assert.Equal(0, await sidecar.StopAsync());
        await using var again = await SidecarProcess.StartAsync(directory.Combine("data"));
        var restored = await again.ScrapeAsync();
        Assert.Equal(2, restored.Value("agentobs_merge_attempts_count", "project", "p"));
        Assert.Equal(1, restored.Value("agentobs_merges_repeated_total", "project", "p"));
        var third = await again.PostNdjsonAsync(Merge("m-4", "WI-7", 1));
        Assert.Equal(1, third.Json.GetProperty("accepted").GetInt32());
        Assert.Equal(2, (await again.ScrapeAsync()).Value("agentobs_merges_repeated_total", "project", "p"));
    }

    [Theory]
    [InlineData("task:completed", "chain")]
    [InlineData("task:created", "Task")]
    [InlineData("chain:created", "task")]
    [InlineData("request:closed", "")]
    [InlineData("workitem:merged", "work_item")]
    public async Task Post_EntityTypeDisagreeingWithTheEventType_Answers400NamingEntityType(string eventType, string entityType)
    {
        var e = TestEvents.Make(TestEvents.NewId("et"), eventType, "E-1", TestEvents.T0, eventType == "workitem:merged" ? new JsonObject { ["attempts"] = 1 } : null);
        e["entityType"] = entityType;

        var response = await Sidecar.PostEventsAsync(e);

        Assert.True(response.Status == HttpStatusCode.BadRequest, response.ToString());
        var item = Assert.Single(response.Json.GetProperty("items").EnumerateArray());
        Assert.Equal("entityType", item.GetProperty("field").GetString());
        Assert.Contains(eventType[..eventType.IndexOf(':', StringComparison.Ordinal)], item.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_EntityTypeAgreeingOrAbsent_IsAccepted()
    {
        var agreeing = TestEvents.Make(TestEvents.NewId("et"), "task:created", "T-1", TestEvents.T0);
        var absent = TestEvents.Make(TestEvents.NewId("et"), "chain:created", "C-1", TestEvents.T0);
        absent.Remove("entityType");
        var custom = TestEvents.Make(TestEvents.NewId("et"), "deploy_gate:passed", "G-1", TestEvents.T0);

        var response = await Sidecar.PostEventsAsync(agreeing, absent, custom);

        Assert.True(response.Status == HttpStatusCode.OK, response.ToString());
        Assert.Equal(3, response.Json.GetProperty("accepted").GetInt32());
    }

    private static JsonObject Merge(string id, string workItem, int attempts) =>
        TestEvents.Make(TestEvents.NewId(id), "workitem:merged", workItem, TestEvents.T0, new JsonObject { ["attempts"] = attempts, ["project"] = "p" });

    // Adds the envelope fields the theory data leaves out.
    private static string Complete(string partial)
    {
        var e = JsonNode.Parse(partial)!.AsObject();
        e["id"] ??= TestEvents.NewId("num");
        e["timestamp"] ??= TestEvents.Iso(TestEvents.T0);
        e["entityId"] ??= "E-" + TestEvents.Unique();
        return e.ToJsonString();
    }

    private async Task<SidecarResponse> PostRawJsonAsync(string path, string body)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        return await Sidecar.SendAsync(new HttpRequestMessage(HttpMethod.Post, new Uri(path.TrimStart('/'), UriKind.Relative)) { Content = content });
    }

    private static void AssertFinite(JsonElement element, string where)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Number:
                Assert.True(double.IsFinite(element.GetDouble()), $"{where}: {element.GetRawText()}");
                break;
            case JsonValueKind.String:
                Assert.False(element.GetString() is "Infinity" or "-Infinity" or "NaN", $"{where}: {element.GetString()}");
                break;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    AssertFinite(property.Value, $"{where}.{property.Name}");
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    AssertFinite(item, where);
                }

                break;
        }
    }
}
