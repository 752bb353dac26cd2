using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Observability.Analytics;
using Observability.Analytics.Runs;
using Observability.Ingestion;
using Observability.Ingestion.Batches;
using Observability.Sidecar.Hosting;

namespace Observability.Sidecar.Endpoints;

/// <summary>
/// The WS-METRICS contract's writes. <c>POST /api/v1/metrics/ws-execution</c> (start, phase completion, final completion; 201
/// when it creates the run, else 200) and <c>POST /api/v1/metrics/bug-fix</c> (201). Both store events through the
/// ingestion pipeline, so they are validated, durable before the answer and deduplicated by id (a repeat answers
/// 200 with <c>"status": "duplicate"</c> and changes nothing). A phase alone or a bug fix for a run that does not
/// exist is 422: the body is well formed but refers to nothing (404 would say the endpoint is missing).
/// </summary>
internal static class RunRecordEndpoints
{
    private const int MaxBodyBytes = 1 << 20;

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/v1/metrics/ws-execution", WsExecutionAsync);
        endpoints.MapPost("/api/v1/metrics/bug-fix", BugFixAsync);
    }

    private static async Task WsExecutionAsync(HttpContext context, EventLogHandle state, IngestionWriter writer, DerivedReads reads, RunRecordView runs, TimeProvider time)
    {
        using var body = await ReadAsync(context);
        if (body is null)
        {
            return;
        }

        WsExecutionRequest request;
        try
        {
            request = WsExecutionRequest.Parse(body.RootElement, time.GetUtcNow());
        }
        catch (BodyException e)
        {
            await AnalyticsQuery.ProblemAsync(context, new AnalyticsQuery.Error(e.Field, e.Detail));
            return;
        }

        var stored = await reads.ReadAsync(() => runs.Find(request.ExecutionId), context.RequestAborted);
        var existed = stored is not null;
        if (!existed && !request.HasStatus)
        {
            await UnknownExecutionAsync(context, "execution_id", request.ExecutionId);
            return;
        }

        // Within one body this is checked on parsing; across requests the stored start decides. Accepting it would
        // store an end that the record (latest status by time) can never show.
        if (request.CompletedAt is { } completedAt && stored is not null && completedAt < stored.StartedAt)
        {
            await AnalyticsQuery.ProblemAsync(
                context, new AnalyticsQuery.Error("completed_at", $"is before the run's start ({stored.StartedAt:O})."));
            return;
        }

        // A phase the run already holds under the same event_id is a duplicate even when its stored id differs: a log
        // written before phase ids were derived from the run keeps the event_id itself as the id.
        var events = request.Events;
        var knownPhase = request.PhaseEventId is { } phaseEventId && stored is not null && stored.Phases.Any(p => p.EventId == phaseEventId);
        if (knownPhase)
        {
            events = [.. events.SkipLast(1)];
        }

        if (await IngestAsync(context, state, writer, events) is not { } ingested)
        {
            return;
        }

        var results = ingested.Select(r => r.EventType == "ws:phase" ? r with { EventId = request.PhaseEventId } : r).ToList();
        if (knownPhase)
        {
            results.Add(new StoredEvent(request.Events[^1]["id"]!.GetValue<string>(), "ws:phase", ItemResult.Duplicate, request.PhaseEventId));
        }

        var record = await reads.ReadAsync(() => runs.Find(request.ExecutionId), context.RequestAborted);
        var created = !existed && record is not null;
        if (created)
        {
            context.Response.Headers.Location = $"/api/v1/metrics/ws-executions/{Uri.EscapeDataString(request.ExecutionId)}";
        }

        await AnalyticsQuery.JsonAsync(
            context,
            new { execution_id = request.ExecutionId, created, events = results, execution = record },
            created ? StatusCodes.Status201Created : StatusCodes.Status200OK);
    }

    private static async Task BugFixAsync(HttpContext context, EventLogHandle state, IngestionWriter writer, DerivedReads reads, RunRecordView runs, TimeProvider time)
    {
        using var body = await ReadAsync(context);
        if (body is null)
        {
            return;
        }

        (string Id, string ExecutionId, JsonObject Event) request;
        try
        {
            request = BugFixRequest.Parse(body.RootElement, time.GetUtcNow());
        }
        catch (BodyException e)
        {
            await AnalyticsQuery.ProblemAsync(context, new AnalyticsQuery.Error(e.Field, e.Detail));
            return;
        }

        if (!await reads.ReadAsync(() => runs.Exists(request.ExecutionId), context.RequestAborted))
        {
            await UnknownExecutionAsync(context, "ws_execution_id", request.ExecutionId);
            return;
        }

        if (await IngestAsync(context, state, writer, [request.Event]) is not { } results)
        {
            return;
        }

        var fix = await reads.ReadAsync(() => runs.Find(request.ExecutionId)?.BugFixes.FirstOrDefault(b => b.Id == request.Id), context.RequestAborted);
        var created = results[0].Status == ItemResult.Accepted;
        await AnalyticsQuery.JsonAsync(
            context, new { id = request.Id, created, events = results, bug_fix = fix }, created ? StatusCodes.Status201Created : StatusCodes.Status200OK);
    }

    /// <summary>Stores the events; null (with the problem written) when the log cannot or the pipeline refused one.</summary>
    private static async Task<IReadOnlyList<StoredEvent>?> IngestAsync(HttpContext context, EventLogHandle state, IngestionWriter writer, IReadOnlyList<JsonObject> events)
    {
        if (events.Count == 0)
        {
            if (state.Log is null || state.Stopping)
            {
                await DurableIngest.UnavailableAsync(context, state);
                return null;
            }

            return [];
        }

        var items = events.Select((e, i) => new BatchItem(i, Encoding.UTF8.GetBytes(e.ToJsonString()), null)).ToList();
        if (await DurableIngest.IngestAsync(context, state, writer, items) is not { } result)
        {
            return null;
        }

        if (result.Items.FirstOrDefault(i => i.Status == ItemResult.Rejected) is { } rejected)
        {
            // The body was checked field by field first, so this is a catalogue rule the checks do not mirror.
            await Problem.WriteAsync(
                context, StatusCodes.Status400BadRequest, "Invalid record", $"{rejected.Field}: {rejected.Reason}", new { field = rejected.Field });
            return null;
        }

        return [.. result.Items.Select((item, i) => new StoredEvent(item.Id, events[i]["eventType"]!.GetValue<string>(), item.Status))];
    }

    private static Task UnknownExecutionAsync(HttpContext context, string field, string id) => Problem.WriteAsync(
        context, StatusCodes.Status422UnprocessableEntity, "Unknown execution",
        $"{field}: no ws-execution '{id}' exists; POST its STARTED record to /api/v1/metrics/ws-execution first.", new { field });

    /// <summary>The body as JSON; null (with the problem written) when it is not JSON, too large or of another type.</summary>
    private static async Task<JsonDocument?> ReadAsync(HttpContext context)
    {
        using var buffer = await JsonBody.ReadAsync(context, MaxBodyBytes, "A record");
        if (buffer is null)
        {
            return null;
        }

        try
        {
            return JsonDocument.Parse(buffer.ToArray());
        }
        catch (JsonException e)
        {
            await Problem.WriteAsync(context, StatusCodes.Status400BadRequest, "Malformed JSON", e.Message,
                new { field = "body", line = e.LineNumber + 1, position_in_line = e.BytePositionInLine });
            return null;
        }
    }
}
