using System.Buffers;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.Net.Http.Headers;
using Observability.Ingestion;
using Observability.Ingestion.Batches;
using Observability.Sidecar.Hosting;

namespace Observability.Sidecar.Endpoints;

/// <summary>
/// <c>POST /api/v1/events</c>: one event (<c>application/json</c>), a JSON array, or NDJSON
/// (<c>application/x-ndjson</c>). Every item gets a result; valid items are kept whatever the others are.
/// 200 with per-item results when anything was accepted or was a duplicate; 400 when every item was
/// rejected or the JSON is malformed (with its position); 413 over the body limit or the item cap (counted before any
/// item is parsed); 415 for other content types; 503 while replaying or when the log cannot write. Errors are
/// problem+json. The answer lists items as <see cref="BatchResult"/> says: every item of a batch of up to 1,000, else
/// the first 1,000 rejected ones, with exact counts.
/// </summary>
internal static class EventsEndpoint
{
    public static async Task HandleAsync(
        HttpContext context, EventLogHandle state, IngestionWriter writer, Microsoft.Extensions.Options.IOptions<SidecarOptions> options)
    {
        using var activity = SidecarTelemetry.Source.StartActivity("ingest");
        var started = Stopwatch.GetTimestamp();
        var limit = options.Value.MaxRequestBodyBytes;
        var mediaType = MediaType(context.Request.ContentType);
        var ndjson = mediaType is "application/x-ndjson" or "application/ndjson";
        if (!ndjson && mediaType != "application/json")
        {
            await Problem.WriteAsync(
                context, StatusCodes.Status415UnsupportedMediaType, "Unsupported content type",
                $"Content-Type '{context.Request.ContentType}' is not accepted; send application/json (one event or an array) or application/x-ndjson.",
                new { field = "Content-Type" });
            return;
        }

        using var body = await IngestBody.ReadAsync(context, state, limit);
        if (body is null)
        {
            return;
        }

        List<BatchItem> items;
        var maxItems = options.Value.MaxItemsPerRequest;
        try
        {
            items = ndjson ? BatchSplitter.SplitNdjson(body.Memory, maxItems) : BatchSplitter.SplitJson(body.Memory, maxItems);
        }
        catch (BatchLimitException)
        {
            await Problem.WriteAsync(
                context, StatusCodes.Status413PayloadTooLarge, "Too many events",
                $"The body holds more than {maxItems} events (Sidecar:MaxItemsPerRequest); split the batch.", new { limit_items = maxItems });
            return;
        }
        catch (BatchFormatException e)
        {
            await Problem.WriteAsync(
                context, StatusCodes.Status400BadRequest, "Malformed JSON", e.Message, new { field = "body", position = e.BytePosition, line = e.Line + 1 });
            return;
        }

        if (items.Count == 0)
        {
            await Problem.WriteAsync(context, StatusCodes.Status400BadRequest, "No events", "The body holds no events.", new { field = "body" });
            return;
        }

        if (await DurableIngest.IngestAsync(context, state, writer, items) is not { } result)
        {
            return;
        }

        activity?.SetTag("events.accepted", result.Accepted);
        activity?.SetTag("events.rejected", result.Rejected);
        Record(result, started);
        if (result.Rejected == result.Count)
        {
            var summary = new
            {
                accepted = result.Accepted,
                duplicates = result.Duplicates,
                rejected = result.Rejected,
                truncated = result.Truncated,
                items = result.Items,
            };
            await Problem.WriteAsync(
                context, StatusCodes.Status400BadRequest, "Events rejected",
                result.Count == 1
                    ? $"{Describe(result.Items[0])}"
                    : result.Truncated
                        ? $"All {result.Count} events were rejected; items lists the first {result.Items.Count} with each field and reason."
                        : $"All {result.Count} events were rejected; see items for each field and reason.",
                summary);
            return;
        }

        await BatchResultJson.WriteAsync(context.Response, result, context.RequestAborted);
    }

    // OpenTelemetry meters for the sidecar's own work; without a listener (no OTLP endpoint) these cost a flag check.
    private static void Record(BatchResult result, long started)
    {
        if (SidecarTelemetry.EventsHandled.Enabled)
        {
            SidecarTelemetry.EventsHandled.Add(result.Accepted, new KeyValuePair<string, object?>("outcome", "accepted"));
            SidecarTelemetry.EventsHandled.Add(result.Duplicates, new KeyValuePair<string, object?>("outcome", "duplicate"));
            SidecarTelemetry.EventsHandled.Add(result.Rejected, new KeyValuePair<string, object?>("outcome", "rejected"));
        }

        if (SidecarTelemetry.IngestDuration.Enabled)
        {
            SidecarTelemetry.IngestDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
    }

    private static string Describe(ItemResult item) =>
        string.IsNullOrEmpty(item.Field) ? item.Reason ?? "rejected" : $"{item.Field}: {item.Reason}";

    private static string? MediaType(string? contentType) => contentType switch
    {
        // The common exact spellings skip the header parser.
        "application/json" or "application/x-ndjson" => contentType,
        not null when MediaTypeHeaderValue.TryParse(contentType, out var parsed) => parsed.MediaType.Value?.ToLowerInvariant(),
        _ => null,
    };
}
