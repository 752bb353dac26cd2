using System.Text.Json;
using Observability.Ingestion;

namespace Observability.Sidecar.Endpoints;

/// <summary>
/// Writes a batch's per-item results straight to the response as UTF-8 JSON. Same shape as serializing
/// <c>{accepted, duplicates, rejected, truncated, items}</c> with <see cref="SidecarJson.Options"/>, without reflection or an
/// intermediate object: a 1,000-event batch answers with one result per item, so this is on the hot path.
/// </summary>
internal static class BatchResultJson
{
    private static readonly JsonEncodedText Accepted = JsonEncodedText.Encode("accepted");
    private static readonly JsonEncodedText Duplicates = JsonEncodedText.Encode("duplicates");
    private static readonly JsonEncodedText Rejected = JsonEncodedText.Encode("rejected");
    private static readonly JsonEncodedText Truncated = JsonEncodedText.Encode("truncated");
    private static readonly JsonEncodedText Items = JsonEncodedText.Encode("items");
    private static readonly JsonEncodedText Index = JsonEncodedText.Encode("index");
    private static readonly JsonEncodedText Id = JsonEncodedText.Encode("id");
    private static readonly JsonEncodedText Status = JsonEncodedText.Encode("status");
    private static readonly JsonEncodedText Field = JsonEncodedText.Encode("field");
    private static readonly JsonEncodedText Reason = JsonEncodedText.Encode("reason");

    /// <summary>Writes <paramref name="result"/> as the 200 answer's body.</summary>
    public static async Task WriteAsync(HttpResponse response, BatchResult result, CancellationToken cancellationToken)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json";
        await using (var writer = new Utf8JsonWriter(response.BodyWriter))
        {
            writer.WriteStartObject();
            writer.WriteNumber(Accepted, result.Accepted);
            writer.WriteNumber(Duplicates, result.Duplicates);
            writer.WriteNumber(Rejected, result.Rejected);
            writer.WriteBoolean(Truncated, result.Truncated);
            writer.WriteStartArray(Items);
            foreach (var item in result.Items)
            {
                WriteItem(writer, item);

                // Keep the buffered part small on large batches.
                if (writer.BytesPending > 16 * 1024)
                {
                    await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
                }
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
            await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static void WriteItem(Utf8JsonWriter writer, ItemResult item)
    {
        writer.WriteStartObject();
        writer.WriteNumber(Index, item.Index);
        if (item.Id is not null)
        {
            writer.WriteString(Id, item.Id);
        }

        writer.WriteString(Status, item.Status);
        if (item.Field is not null)
        {
            writer.WriteString(Field, item.Field);
        }

        if (item.Reason is not null)
        {
            writer.WriteString(Reason, item.Reason);
        }

        writer.WriteEndObject();
    }
}
