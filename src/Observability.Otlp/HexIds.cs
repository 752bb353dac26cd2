using Google.Protobuf;
using OpenTelemetry.Proto.Collector.Logs.V1;
using OpenTelemetry.Proto.Collector.Metrics.V1;
using OpenTelemetry.Proto.Metrics.V1;

namespace Observability.Otlp;

/// <summary>
/// OTLP JSON writes trace and span ids as hex, where protobuf JSON expects base64. Every hex digit is also a base64
/// character, so <see cref="JsonParser"/> accepts a 32-digit trace id and decodes it to 24 wrong bytes. A 32- or 16-digit
/// base64 text has no padding, so encoding those bytes again gives back the exact text, which is then read as hex. An
/// id that decoded to its proper length (16 or 8 bytes) was base64 already and is kept.
/// </summary>
internal static class HexIds
{
    public static void Fix(ExportLogsServiceRequest request)
    {
        foreach (var resource in request.ResourceLogs)
        {
            foreach (var scope in resource.ScopeLogs)
            {
                foreach (var record in scope.LogRecords)
                {
                    record.TraceId = FromHex(record.TraceId, 16, "traceId");
                    record.SpanId = FromHex(record.SpanId, 8, "spanId");
                }
            }
        }
    }

    public static void Fix(ExportMetricsServiceRequest request)
    {
        foreach (var resource in request.ResourceMetrics)
        {
            foreach (var scope in resource.ScopeMetrics)
            {
                foreach (var metric in scope.Metrics)
                {
                    foreach (var exemplar in Exemplars(metric))
                    {
                        exemplar.TraceId = FromHex(exemplar.TraceId, 16, "traceId");
                        exemplar.SpanId = FromHex(exemplar.SpanId, 8, "spanId");
                    }
                }
            }
        }
    }

    private static IEnumerable<Exemplar> Exemplars(Metric metric) => metric.DataCase switch
    {
        Metric.DataOneofCase.Sum => metric.Sum.DataPoints.SelectMany(p => p.Exemplars),
        Metric.DataOneofCase.Gauge => metric.Gauge.DataPoints.SelectMany(p => p.Exemplars),
        Metric.DataOneofCase.Histogram => metric.Histogram.DataPoints.SelectMany(p => p.Exemplars),
        Metric.DataOneofCase.ExponentialHistogram => metric.ExponentialHistogram.DataPoints.SelectMany(p => p.Exemplars),
        _ => [],
    };

    private static ByteString FromHex(ByteString parsed, int size, string field)
    {
        if (parsed.IsEmpty || parsed.Length == size)
        {
            return parsed;
        }

        // 16 bytes in hex is 32 characters, which base64 reads as 24 bytes (8 bytes: 16 characters, 12 bytes).
        if (parsed.Length != size * 3 / 2)
        {
            throw new OtlpDecodeException($"{field} must be {size * 2} hex digits.");
        }

        var text = parsed.ToBase64();
        try
        {
            return ByteString.CopyFrom(Convert.FromHexString(text));
        }
        catch (FormatException)
        {
            throw new OtlpDecodeException($"{field} '{text}' is not {size * 2} hex digits.");
        }
    }
}
