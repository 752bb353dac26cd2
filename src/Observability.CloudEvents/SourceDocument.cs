using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using CloudNative.CloudEvents;

namespace Observability.CloudEvents;

/// <summary>
/// The JSON document one CloudEvent is handed to the inbound mapping as (kind <c>cloudevent</c>): the context attributes
/// under their CloudEvents names, the data as JSON, the extensions, when the sidecar received it, and for a CDEvent its
/// type split into parts:
/// <code>
/// {"specversion":"1.0","id":"…","source":"…","type":"dev.cdevents.pipelinerun.finished.0.3.0",
///  "time":"2023-03-20T14:27:05.3153840Z","subject":"…","datacontenttype":"application/json","dataschema":"…",
///  "data":{…the CDEvent: context, subject.content, customData…},"extensions":{"name":"value"},
///  "receivedAt":"2026-…Z","cdevent":{"subject":"pipelinerun","predicate":"finished","version":"0.3.0","major":0}}
/// </code>
/// Absent attributes are left out; <c>time</c> and <c>receivedAt</c> are UTC ISO 8601; <c>data</c> is the JSON value for a
/// JSON content type and a string for text; an extension keeps its JSON type (integer, boolean) or is a string.
/// </summary>
internal static class SourceDocument
{
    /// <summary>Writes the document of <paramref name="cloudEvent"/>.</summary>
    public static byte[] Write(CloudEvent cloudEvent, CdEventType? cdEvent, DateTimeOffset receivedAt)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("specversion", cloudEvent.SpecVersion.VersionId);
            writer.WriteString("id", cloudEvent.Id);
            writer.WriteString("source", cloudEvent.Source!.OriginalString);
            writer.WriteString("type", cloudEvent.Type);
            if (cloudEvent.Time is { } time)
            {
                writer.WriteString("time", Iso(time));
            }

            WriteIfPresent(writer, "subject", cloudEvent.Subject);
            WriteIfPresent(writer, "datacontenttype", cloudEvent.DataContentType);
            WriteIfPresent(writer, "dataschema", cloudEvent.DataSchema?.OriginalString);
            WriteData(writer, cloudEvent);
            WriteExtensions(writer, cloudEvent);
            writer.WriteString("receivedAt", Iso(receivedAt));
            if (cdEvent is not null)
            {
                writer.WriteStartObject("cdevent");
                writer.WriteString("subject", cdEvent.Subject);
                writer.WriteString("predicate", cdEvent.Predicate);
                writer.WriteString("version", cdEvent.Version);
                writer.WriteNumber("major", cdEvent.Major);
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteData(Utf8JsonWriter writer, CloudEvent cloudEvent)
    {
        switch (cloudEvent.Data)
        {
            case null:
                return;
            case JsonElement element:
                writer.WritePropertyName("data");
                element.WriteTo(writer);
                return;
            case string text:
                writer.WriteString("data", text);
                return;
            case byte[] bytes when DataContentTypes.IsJson(cloudEvent.DataContentType):
                // data_base64 holding JSON: read as JSON like the same event sent with "data".
                using (var document = JsonDocument.Parse(bytes))
                {
                    writer.WritePropertyName("data");
                    document.RootElement.WriteTo(writer);
                }

                return;
            case byte[] bytes:
                writer.WriteString("data", new UTF8Encoding(false, true).GetString(bytes));
                return;
            default:
                throw new ArgumentException($"data of type {cloudEvent.Data.GetType().Name} is not read");
        }
    }

    private static void WriteExtensions(Utf8JsonWriter writer, CloudEvent cloudEvent)
    {
        var started = false;
        foreach (var (attribute, value) in cloudEvent.GetPopulatedAttributes())
        {
            if (!attribute.IsExtension)
            {
                continue;
            }

            if (!started)
            {
                writer.WriteStartObject("extensions");
                started = true;
            }

            switch (value)
            {
                case int number:
                    writer.WriteNumber(attribute.Name, number);
                    break;
                case bool flag:
                    writer.WriteBoolean(attribute.Name, flag);
                    break;
                default:
                    writer.WriteString(attribute.Name, attribute.Format(value));
                    break;
            }
        }

        if (started)
        {
            writer.WriteEndObject();
        }
    }

    private static void WriteIfPresent(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    private static string Iso(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture);
}
