using System.Text;
using Google.Protobuf;
using OpenTelemetry.Proto.Collector.Logs.V1;
using OpenTelemetry.Proto.Collector.Metrics.V1;

namespace Observability.Otlp;

/// <summary>
/// Decodes OTLP/HTTP export requests. Protobuf with the types generated from the official definitions; JSON with
/// Google.Protobuf's <see cref="JsonParser"/>, which already follows OTLP's rules for names (lowerCamelCase or the
/// proto names), unknown fields (ignored), 64-bit integers (strings or numbers) and enums (integers), and then
/// <see cref="HexIds"/> for the one place OTLP departs from protobuf JSON: trace and span ids are hex, not base64.
/// </summary>
internal static class OtlpDecoder
{
    private static readonly JsonParser Json = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true).WithRecursionLimit(64));

    /// <summary>Decodes a logs export request; throws <see cref="OtlpDecodeException"/> naming the error.</summary>
    public static ExportLogsServiceRequest DecodeLogs(ReadOnlySpan<byte> body, OtlpEncoding encoding)
    {
        var request = Decode(body, encoding, ExportLogsServiceRequest.Parser);
        if (encoding == OtlpEncoding.Json)
        {
            HexIds.Fix(request);
        }

        return request;
    }

    /// <summary>Decodes a metrics export request; throws <see cref="OtlpDecodeException"/> naming the error.</summary>
    public static ExportMetricsServiceRequest DecodeMetrics(ReadOnlySpan<byte> body, OtlpEncoding encoding)
    {
        var request = Decode(body, encoding, ExportMetricsServiceRequest.Parser);
        if (encoding == OtlpEncoding.Json)
        {
            HexIds.Fix(request);
        }

        return request;
    }

    // The parser does not say which field; only ids and bytesValue hold binary data.
    private static string Hint(InvalidProtocolBufferException e) => e.Message.Contains("base64", StringComparison.OrdinalIgnoreCase)
        ? " (traceId is 32 hex digits, spanId 16, bytesValue base64)"
        : string.Empty;

    private static T Decode<T>(ReadOnlySpan<byte> body, OtlpEncoding encoding, MessageParser<T> parser)
        where T : IMessage<T>, new()
    {
        try
        {
            return encoding == OtlpEncoding.Protobuf
                ? parser.ParseFrom(body)
                : Json.Parse<T>(Encoding.UTF8.GetString(body));
        }
        catch (InvalidProtocolBufferException e)
        {
            // JsonParser reports a wrong value for a field (text where a number belongs, bad base64) this way too.
            throw new OtlpDecodeException(
                encoding == OtlpEncoding.Protobuf ? $"Not a valid protobuf {typeof(T).Name}: {e.Message}" : $"Not valid OTLP JSON: {e.Message}{Hint(e)}", e);
        }
        catch (InvalidJsonException e)
        {
            throw new OtlpDecodeException($"Not valid OTLP JSON: {e.Message}", e);
        }
        catch (FormatException e)
        {
            // JsonParser reports wrong value types (a word where a number belongs, bad base64) this way.
            throw new OtlpDecodeException($"Not valid OTLP JSON: {e.Message}", e);
        }
    }
}
