using System.Net.Mime;
using System.Text;
using System.Text.Json;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.Http;
using CloudNative.CloudEvents.SystemTextJson;

namespace Observability.CloudEvents;

/// <summary>
/// Reads a request of the CloudEvents HTTP binding with the CNCF SDK's <see cref="JsonEventFormatter"/>: binary mode
/// (<c>ce-*</c> headers), structured mode (<c>application/cloudevents+json</c>) and batch mode
/// (<c>application/cloudevents-batch+json</c>). Each event becomes an item: its <see cref="SourceDocument"/>, or the
/// attribute that is wrong and why, so a batch keeps its good events. Only a body that cannot be split into events at
/// all throws <see cref="CloudEventRequestException"/>.
/// </summary>
internal static class CloudEventsBinding
{
    /// <summary>The structured-mode media type.</summary>
    public const string StructuredMediaType = "application/cloudevents+json";

    /// <summary>The batch-mode media type.</summary>
    public const string BatchMediaType = "application/cloudevents-batch+json";

    private static readonly JsonEventFormatter Formatter = new();
    private static readonly ContentType StructuredContentType = new(StructuredMediaType);

    /// <summary>Which mode a request with this <c>Content-Type</c> is in.</summary>
    /// <exception cref="CloudEventRequestException">A structured or batch format other than JSON.</exception>
    public static CloudEventMode ModeOf(string? mediaType) => mediaType switch
    {
        BatchMediaType => CloudEventMode.Batch,
        StructuredMediaType => CloudEventMode.Structured,
        not null when mediaType.StartsWith("application/cloudevents", StringComparison.Ordinal) =>
            throw new CloudEventRequestException(
                "Unsupported event format", "Content-Type",
                $"'{mediaType}' is not read; send {StructuredMediaType}, {BatchMediaType} or binary mode (ce-* headers)."),
        _ => CloudEventMode.Binary,
    };

    /// <summary>Reads every event of the request.</summary>
    /// <param name="body">The request body.</param>
    /// <param name="contentType">The request's <c>Content-Type</c> header as sent.</param>
    /// <param name="mediaType">Its media type, lower case, without parameters.</param>
    /// <param name="headers">The request headers (only <c>ce-*</c> ones are read, in binary mode).</param>
    /// <param name="receivedAt">When the request arrived: written into each document.</param>
    /// <param name="maxEvents">The most events a batch may hold.</param>
    public static IReadOnlyList<CloudEventItem> Read(
        ReadOnlyMemory<byte> body, string? contentType, string? mediaType, IEnumerable<KeyValuePair<string, string?>> headers,
        DateTimeOffset receivedAt, int maxEvents)
    {
        return ModeOf(mediaType) switch
        {
            CloudEventMode.Batch => ReadBatch(body, receivedAt, maxEvents),
            CloudEventMode.Structured => [ReadStructured(0, Parse(body), receivedAt)],
            _ => [ReadBinary(body, contentType, headers, receivedAt)],
        };
    }

    private static List<CloudEventItem> ReadBatch(ReadOnlyMemory<byte> body, DateTimeOffset receivedAt, int maxEvents)
    {
        using var document = Parse(body);
        if (document.RootElement.ValueKind != JsonValueKind.Array)
        {
            throw new CloudEventRequestException(
                "Malformed CloudEvents batch", "body", $"A {BatchMediaType} body is a JSON array of events, not {Describe(document.RootElement.ValueKind)}.");
        }

        var count = document.RootElement.GetArrayLength();
        if (count > maxEvents)
        {
            throw new CloudEventBatchTooLargeException(count, maxEvents);
        }

        var items = new List<CloudEventItem>(count);
        var index = 0;
        foreach (var element in document.RootElement.EnumerateArray())
        {
            items.Add(ReadStructured(index++, element, receivedAt));
        }

        return items;
    }

    private static CloudEventItem ReadStructured(int index, JsonDocument document, DateTimeOffset receivedAt)
    {
        using (document)
        {
            return ReadStructured(index, document.RootElement, receivedAt);
        }
    }

    private static CloudEventItem ReadStructured(int index, JsonElement element, DateTimeOffset receivedAt)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return new CloudEventItem(index, null, "", $"an event is a JSON object, not {Describe(element.ValueKind)}");
        }

        if (Observability.Events.JsonText.FirstUnreadable(System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(element)) is { } unreadable)
        {
            return new CloudEventItem(index, null, unreadable.Path.Length == 0 ? "body" : unreadable.Path, unreadable.Reason);
        }

        var type = element.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        if (!element.TryGetProperty("specversion", out var version) || version.ValueKind != JsonValueKind.String)
        {
            return new CloudEventItem(index, null, "specversion", "the required attribute specversion is missing (CloudEvents 1.0 needs specversion 1.0)", type);
        }

        if (CloudEventsSpecVersion.FromVersionId(version.GetString()) is null)
        {
            return new CloudEventItem(index, null, "specversion", $"CloudEvents specversion '{version.GetString()}' is not known (send 1.0)", type);
        }

        if (MissingRequired(element) is { } missing)
        {
            return new CloudEventItem(index, null, missing, $"the required attribute {missing} is missing or not a string", type);
        }

        CloudEvent cloudEvent;
        try
        {
            cloudEvent = Formatter.DecodeStructuredModeMessage(JsonSerializer.SerializeToUtf8Bytes(element), StructuredContentType, null);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException or JsonException)
        {
            return new CloudEventItem(index, null, AttributeNamed(e.Message), e.Message, type);
        }

        return Finish(index, cloudEvent, receivedAt);
    }

    private static CloudEventItem ReadBinary(
        ReadOnlyMemory<byte> body, string? contentType, IEnumerable<KeyValuePair<string, string?>> headers, DateTimeOffset receivedAt)
    {
        var ce = headers.Where(h => h.Key.StartsWith(HttpUtilities.HttpHeaderPrefix, StringComparison.OrdinalIgnoreCase)).ToList();
        var specVersion = ce.FirstOrDefault(h => string.Equals(h.Key, HttpUtilities.SpecVersionHttpHeader, StringComparison.OrdinalIgnoreCase)).Value;
        if (specVersion is null)
        {
            throw new CloudEventRequestException(
                "Not a CloudEvent", "ce-specversion",
                $"A binary-mode CloudEvent needs the ce-specversion header (1.0); or send Content-Type {StructuredMediaType} or {BatchMediaType}.");
        }

        var type = ce.FirstOrDefault(h => string.Equals(h.Key, "ce-type", StringComparison.OrdinalIgnoreCase)).Value;
        if (CloudEventsSpecVersion.FromVersionId(HttpUtilities.DecodeHeaderValue(specVersion)) is not { } version)
        {
            return new CloudEventItem(0, null, "ce-specversion", $"CloudEvents specversion '{specVersion}' is not known (send 1.0)", type);
        }

        var cloudEvent = new CloudEvent(version);
        foreach (var (name, value) in ce)
        {
            var attribute = HttpUtilities.GetAttributeNameFromHeaderName(name);
            if (attribute is null || attribute == CloudEventsSpecVersion.SpecVersionAttribute.Name || value is null)
            {
                continue;
            }

            try
            {
                cloudEvent.SetAttributeFromString(attribute, HttpUtilities.DecodeHeaderValue(value));
            }
            catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException)
            {
                return new CloudEventItem(0, null, name.ToLowerInvariant(), e.Message, type);
            }
        }

        if (!body.IsEmpty)
        {
            cloudEvent.DataContentType = contentType;
            if (DataContentTypes.Refusal(contentType) is { } refusal)
            {
                return new CloudEventItem(0, null, "datacontenttype", refusal, type);
            }

            if (DataContentTypes.IsJson(contentType) && Observability.Events.JsonText.FirstUnreadable(body.Span) is { } unreadable)
            {
                var field = unreadable.Path.Length == 0 || unreadable.Path.StartsWith('[') ? "data" + unreadable.Path : "data." + unreadable.Path;
                return new CloudEventItem(0, null, field, unreadable.Reason, type);
            }

            try
            {
                Formatter.DecodeBinaryModeEventData(body, cloudEvent);
            }
            catch (JsonException e)
            {
                return new CloudEventItem(0, null, "data", $"the body is not JSON as its Content-Type says: {e.Message}", type);
            }
        }

        try
        {
            cloudEvent.Validate();
        }
        catch (InvalidOperationException e)
        {
            return new CloudEventItem(0, null, "ce-" + (AttributeNamed(e.Message) ?? "id"), e.Message, type);
        }

        return Finish(0, cloudEvent, receivedAt);
    }

    private static CloudEventItem Finish(int index, CloudEvent cloudEvent, DateTimeOffset receivedAt)
    {
        var type = cloudEvent.Type!;
        if (DataContentTypes.Refusal(cloudEvent.DataContentType) is { } refusal && cloudEvent.Data is not null)
        {
            return new CloudEventItem(index, null, "datacontenttype", refusal, type);
        }

        CdEventType? cdEvent = null;
        if (CdEventType.IsCdEvent(type))
        {
            if (!CdEventType.TryParse(type, out cdEvent, out var reason))
            {
                return new CloudEventItem(index, null, "type", reason, type);
            }

            if (cdEvent!.Major != CdEventType.SupportedMajor)
            {
                return new CloudEventItem(
                    index, null, "type",
                    $"CDEvents version {cdEvent.Version} of {cdEvent.Subject}.{cdEvent.Predicate} is not read: major version {cdEvent.Major} is unknown (read: {CdEventType.SupportedMajor}.x, the CDEvents specification v0.4 and v0.5)",
                    type);
            }
        }

        try
        {
            return new CloudEventItem(index, SourceDocument.Write(cloudEvent, cdEvent, receivedAt), Type: type);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or JsonException or DecoderFallbackException)
        {
            return new CloudEventItem(index, null, "data", e.Message, type);
        }
    }

    private static string? MissingRequired(JsonElement element)
    {
        foreach (var name in (ReadOnlySpan<string>)["id", "source", "type"])
        {
            if (!element.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.String || value.GetString()!.Length == 0)
            {
                return name;
            }
        }

        return null;
    }

    // The SDK's messages quote the attribute they are about ("Text for attribute 'time' is invalid"), or list the missing
    // ones after a colon ("Missing required attributes: id, source"): name it when they do.
    private static string? AttributeNamed(string message)
    {
        foreach (var attribute in CloudEventsSpecVersion.V1_0.AllAttributes)
        {
            if (message.Contains($"'{attribute.Name}'", StringComparison.Ordinal))
            {
                return attribute.Name;
            }
        }

        var colon = message.LastIndexOf(':');
        if (colon >= 0)
        {
            var first = message[(colon + 1)..].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
            if (first is not null && CloudEventsSpecVersion.V1_0.AllAttributes.Any(a => a.Name == first))
            {
                return first;
            }
        }

        return null;
    }

    private static JsonDocument Parse(ReadOnlyMemory<byte> body)
    {
        try
        {
            return JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException e)
        {
            throw new CloudEventRequestException("Malformed JSON", "body", $"The body is not JSON: {e.Message}", e);
        }
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };
}
