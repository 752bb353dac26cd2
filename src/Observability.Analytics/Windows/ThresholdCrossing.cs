using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Observability.Analytics.Windows;

/// <summary>
/// A hysteresis threshold crossed at one merge. Everything in it derives from the log (the merge's id and timestamp,
/// the window's content), so re-deriving it after a restart gives the same event, which the log then refuses as a
/// duplicate.
/// </summary>
/// <param name="Threshold"><c>trust</c> or <c>scope</c>.</param>
/// <param name="Direction"><c>lost</c>, <c>regained</c>, <c>tightened</c> or <c>relaxed</c>.</param>
/// <param name="Project">The project, or <c>_global</c>.</param>
/// <param name="Value">The rate that crossed.</param>
/// <param name="N">Merges in the window it was computed on.</param>
/// <param name="Window">That window's size.</param>
/// <param name="MergeEventId">The id of the merge event that caused it.</param>
/// <param name="Timestamp">That merge's timestamp.</param>
public sealed record ThresholdCrossing(
    string Threshold, string Direction, string Project, double Value, int N, int Window, string MergeEventId, DateTimeOffset Timestamp)
{
    private const int MaxIdLength = 128;
    private const int MaxEntityIdLength = 256;

    /// <summary>The deterministic event id: <c>crossing:&lt;threshold&gt;:&lt;project&gt;:&lt;merge id&gt;</c>, hashed when too long for an id.</summary>
    public string EventId
    {
        get
        {
            var id = $"crossing:{Threshold}:{Project}:{MergeEventId}";
            if (id.Length <= MaxIdLength)
            {
                return id;
            }

            var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{Project}\n{MergeEventId}")));
            return $"crossing:{Threshold}:{hash}";
        }
    }

    /// <summary>The <c>threshold:crossed</c> event, as the ingestion API takes it.</summary>
    public byte[] ToEventJson()
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("id", EventId);
            writer.WriteString("timestamp", Timestamp.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
            writer.WriteString("eventType", WindowNames.CrossingEventType);
            writer.WriteString("entityType", "threshold");
            var entity = $"{Threshold}:{Project}";
            writer.WriteString("entityId", entity.Length <= MaxEntityIdLength ? entity : entity[..MaxEntityIdLength]);
            writer.WriteStartObject("metadata");
            WriteMetadata(writer);
            writer.WriteString("mergeEventId", MergeEventId);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private void WriteMetadata(Utf8JsonWriter writer)
    {
        writer.WriteString("threshold", Threshold);
        writer.WriteString("direction", Direction);
        writer.WriteString("project", Project);
        writer.WriteNumber("value", Value);
        writer.WriteNumber("n", N);
        writer.WriteNumber("window", Window);
    }
}
