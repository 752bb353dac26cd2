using System.Text.Json;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Observability.CloudEvents;
using Observability.Sidecar.Endpoints;
using Observability.Sidecar.Hosting;
using Observability.Sidecar.Inbound;

namespace Observability.Sidecar.CloudEvents;

/// <summary>
/// <c>POST /api/v1/cloudevents</c>: the CloudEvents HTTP binding in binary, structured and batch mode. Every event is
/// handed to the inbound rules as a document of kind <c>cloudevent</c> (see <see cref="SourceDocument"/>) and stored
/// through the durable ingestion; idempotent by the CloudEvent's <c>source</c> and <c>id</c>. 200 with one result per
/// event when anything was kept or was a duplicate; 400 (problem+json naming the attribute) when every event was refused
/// or the body is not CloudEvents at all; 413 over <c>Sidecar:MaxRequestBodyBytes</c> or
/// <c>CloudEvents:MaxEventsPerBatch</c>; 415 for a structured format other than JSON; 503 while the log is not open.
/// </summary>
internal static class CloudEventsEndpoint
{
    /// <summary>The document kind the rules of <c>cdevents.yaml</c> are written for.</summary>
    public const string Kind = "cloudevent";

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/v1/cloudevents", HandleAsync);

        // The self-metric is on the first scrape, at 0 for every mode and field.
        endpoints.ServiceProvider.GetRequiredService<CloudEventsMetrics>();
    }

    private static async Task HandleAsync(
        HttpContext context, EventLogHandle state, InboundIngest inbound, CloudEventsMetrics metrics, TimeProvider time,
        IOptions<SidecarOptions> sidecar, IOptions<CloudEventsOptions> options, ILogger<CloudEventsOptions> logger)
    {
        var limit = sidecar.Value.MaxRequestBodyBytes;
        var contentType = context.Request.ContentType;
        var mediaType = contentType is not null && MediaTypeHeaderValue.TryParse(contentType, out var parsed)
            ? parsed.MediaType.Value?.ToLowerInvariant()
            : null;
        string mode;
        try
        {
            mode = CloudEventsBinding.ModeOf(mediaType).ToString().ToLowerInvariant();
        }
        catch (CloudEventRequestException e)
        {
            metrics.Rejected("structured", e.Field);
            await Problem.WriteAsync(context, StatusCodes.Status415UnsupportedMediaType, e.Title, e.Message, new { field = e.Field });
            return;
        }

        using var body = await IngestBody.ReadAsync(context, state, limit);
        if (body is null)
        {
            return;
        }

        IReadOnlyList<CloudEventItem> items;
        try
        {
            items = CloudEventsBinding.Read(
                body.Memory, contentType, mediaType, context.Request.Headers.Select(h => KeyValuePair.Create(h.Key, (string?)h.Value.ToString())),
                time.GetUtcNow(), options.Value.MaxEventsPerBatch);
        }
        catch (CloudEventRequestException e)
        {
            metrics.Rejected(mode, e.Field);
            Log.CloudEventsRefused(logger, mode, e.Field, e.Message);
            await Problem.WriteAsync(context, StatusCodes.Status400BadRequest, e.Title, e.Message, new { field = e.Field });
            return;
        }
        catch (CloudEventBatchTooLargeException e)
        {
            await Problem.WriteAsync(
                context, StatusCodes.Status413PayloadTooLarge, "Too many events", e.Message, new { limit_items = e.Limit });
            return;
        }

        var documents = new List<JsonDocument>(items.Count);
        try
        {
            foreach (var item in items.Where(i => i.IsValid))
            {
                documents.Add(JsonDocument.Parse(item.Document));
            }

            var result = documents.Count == 0
                ? new InboundBatchResult(0, 0, 0, 0, [])
                : await inbound.IngestAsync(context, Kind, [.. documents.Select(d => d.RootElement)]);
            if (result is null)
            {
                return;
            }

            var answer = CloudEventsAnswer.Merge(items, documents, result);
            foreach (var item in items.Where(i => !i.IsValid))
            {
                metrics.Rejected(mode, item.Field);
                Log.CloudEventsRefused(logger, mode, item.Field, item.Reason);
            }

            if (answer.Accepted + answer.Duplicates + answer.Ignored == 0)
            {
                var first = answer.Items[0];
                await Problem.WriteAsync(
                    context, StatusCodes.Status400BadRequest, "CloudEvents rejected",
                    answer.Items.Count == 1 ? $"{first.Field}: {first.Reason}" : $"All {answer.Items.Count} events were rejected; see items for each field and reason.",
                    answer);
                return;
            }

            context.Response.StatusCode = StatusCodes.Status200OK;
            await context.Response.WriteAsJsonAsync(answer, SidecarJson.Options, context.RequestAborted);
        }
        finally
        {
            foreach (var document in documents)
            {
                document.Dispose();
            }
        }
    }
}
