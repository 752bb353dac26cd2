using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;

namespace Observability.Sidecar.SourceWebhooks;

/// <summary>
/// The document a GitHub or GitLab delivery becomes for the inbound mapping (kind <c>github</c> or <c>gitlab</c>):
/// <c>{"event": header, "delivery": id, "payload": body, "context": {...}}</c>. The event name and the delivery id
/// travel in headers, so the rules see them beside the body; <c>context</c> holds what the sidecar knows and the
/// payload does not (<c>workItem</c>, <c>attempts</c>, <c>receivedAt</c>).
/// </summary>
internal static class SourceDelivery
{
    /// <summary>
    /// The delivery's identity: the sender's id header, or, when there is none (GitLab before it sent one), <c>sha256:</c>
    /// and the body's digest, so a resend of the same bytes is still a duplicate.
    /// </summary>
    public static string Identity(string? header, ReadOnlySpan<byte> body) =>
        string.IsNullOrWhiteSpace(header) ? "sha256:" + Convert.ToHexStringLower(SHA256.HashData(body)) : header.Trim();

    /// <summary>Builds the document; <paramref name="payload"/> is the parsed body.</summary>
    public static JsonDocument Build(string eventName, string delivery, JsonElement payload, string? workItem, int? attempts, DateTimeOffset receivedAt)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("event", eventName);
            writer.WriteString("delivery", delivery);
            writer.WritePropertyName("payload");
            payload.WriteTo(writer);
            writer.WriteStartObject("context");
            writer.WriteString("receivedAt", receivedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", System.Globalization.CultureInfo.InvariantCulture));
            if (workItem is not null)
            {
                writer.WriteString("workItem", workItem);
            }

            if (attempts is { } a)
            {
                writer.WriteNumber("attempts", a);
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return JsonDocument.Parse(buffer.WrittenMemory);
    }
}
