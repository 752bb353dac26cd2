using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Observability.Analytics.Windows;

namespace Observability.Sidecar.Webhooks;

/// <summary>
/// The webhook body of a stored crossing: the event id, type and timestamp, then its metadata fields in snake_case
/// like the HTTP API. Metadata values are copied as stored, so a crossing another sidecar appended reads the same.
/// </summary>
internal static class CrossingBody
{
    private static readonly (string Stored, string Sent)[] Fields =
    [
        ("threshold", "threshold"), ("direction", "direction"), ("project", "project"),
        ("value", "value"), ("n", "n"), ("window", "window"), ("mergeEventId", "merge_event_id"),
    ];

    public static byte[] Write(StoredCrossing crossing)
    {
        ArgumentNullException.ThrowIfNull(crossing);
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("event_id", crossing.Id);
            writer.WriteString("event_type", WindowNames.CrossingEventType);
            writer.WriteString("timestamp", crossing.Timestamp.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
            if (!crossing.Metadata.IsEmpty)
            {
                using var metadata = JsonDocument.Parse(crossing.Metadata);
                foreach (var (stored, sent) in Fields)
                {
                    if (metadata.RootElement.TryGetProperty(stored, out var value))
                    {
                        writer.WritePropertyName(sent);
                        value.WriteTo(writer);
                    }
                }
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
