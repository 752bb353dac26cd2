using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Google.Protobuf.Collections;
using OpenTelemetry.Proto.Collector.Metrics.V1;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Metrics.V1;

namespace Observability.Otlp;

/// <summary>
/// Flattens a metrics export request into <c>otlp.metric</c> source documents, one per data point of a sum, gauge or
/// histogram (exponential histograms and summaries are counted as points without a document):
/// <c>{name, unit, type, temporality, monotonic, startTimeUnixNano, timeUnixNano, value, sum, attributes, resource,
/// scope, context, series}</c>. <c>series</c> is the point's stream identity (metric, scope, resource and point
/// attributes) as 32 hex digits: with the start time it tells a restart of the agent from a later value of the same
/// count, and with the time it makes a resent point the same event.
/// </summary>
internal static class MetricDocuments
{
    /// <summary>The document kind the inbound mapping's rules name.</summary>
    public const string Kind = "otlp.metric";

    /// <summary>Data points in the request, with and without a document (what a partial success counts against).</summary>
    public static int CountPoints(ExportMetricsServiceRequest request)
    {
        var count = 0;
        foreach (var metric in Metrics(request))
        {
            count += metric.Metric.DataCase switch
            {
                Metric.DataOneofCase.Sum => metric.Metric.Sum.DataPoints.Count,
                Metric.DataOneofCase.Gauge => metric.Metric.Gauge.DataPoints.Count,
                Metric.DataOneofCase.Histogram => metric.Metric.Histogram.DataPoints.Count,
                Metric.DataOneofCase.ExponentialHistogram => metric.Metric.ExponentialHistogram.DataPoints.Count,
                Metric.DataOneofCase.Summary => metric.Metric.Summary.DataPoints.Count,
                _ => 0,
            };
        }

        return count;
    }

    public static SourceDocuments Build(ExportMetricsServiceRequest request, OtlpContext context) => SourceDocuments.Build(writer =>
    {
        foreach (var (resource, scope, metric) in Metrics(request))
        {
            switch (metric.DataCase)
            {
                case Metric.DataOneofCase.Sum:
                    foreach (var point in metric.Sum.DataPoints)
                    {
                        WritePoint(writer, metric, "sum", Temporality(metric.Sum.AggregationTemporality), metric.Sum.IsMonotonic,
                            point.StartTimeUnixNano, point.TimeUnixNano, point.Flags, Value(point), null, point.Attributes, resource, scope, context);
                    }

                    break;
                case Metric.DataOneofCase.Gauge:
                    foreach (var point in metric.Gauge.DataPoints)
                    {
                        WritePoint(writer, metric, "gauge", null, false,
                            point.StartTimeUnixNano, point.TimeUnixNano, point.Flags, Value(point), null, point.Attributes, resource, scope, context);
                    }

                    break;
                case Metric.DataOneofCase.Histogram:
                    foreach (var point in metric.Histogram.DataPoints)
                    {
                        WritePoint(writer, metric, "histogram", Temporality(metric.Histogram.AggregationTemporality), true,
                            point.StartTimeUnixNano, point.TimeUnixNano, point.Flags, point.Count, point.HasSum ? point.Sum : null, point.Attributes, resource, scope, context);
                    }

                    break;
            }
        }
    });

    private static IEnumerable<(RepeatedField<KeyValue> Resource, InstrumentationScope? Scope, Metric Metric)> Metrics(ExportMetricsServiceRequest request)
    {
        foreach (var resourceMetrics in request.ResourceMetrics)
        {
            var resource = resourceMetrics.Resource?.Attributes ?? [];
            foreach (var scopeMetrics in resourceMetrics.ScopeMetrics)
            {
                foreach (var metric in scopeMetrics.Metrics)
                {
                    yield return (resource, scopeMetrics.Scope, metric);
                }
            }
        }
    }

    private static double? Value(NumberDataPoint point) => point.ValueCase switch
    {
        NumberDataPoint.ValueOneofCase.AsDouble => point.AsDouble,
        NumberDataPoint.ValueOneofCase.AsInt => point.AsInt,
        _ => null,
    };

    private static string Temporality(AggregationTemporality temporality) => temporality switch
    {
        AggregationTemporality.Delta => "delta",
        AggregationTemporality.Cumulative => "cumulative",
        _ => "unspecified",
    };

    private static void WritePoint(
        Utf8JsonWriter writer, Metric metric, string type, string? temporality, bool monotonic, ulong start, ulong time, uint flags,
        double? value, double? sum, RepeatedField<KeyValue> attributes, RepeatedField<KeyValue> resource, InstrumentationScope? scope, OtlpContext context)
    {
        writer.WriteStartObject();
        writer.WriteString("name"u8, metric.Name);
        writer.WriteString("unit"u8, metric.Unit);
        writer.WriteString("type"u8, type);
        if (temporality is not null)
        {
            writer.WriteString("temporality"u8, temporality);
        }

        writer.WriteBoolean("monotonic"u8, monotonic);
        if (start != 0)
        {
            writer.WriteString("startTimeUnixNano"u8, start.ToString(CultureInfo.InvariantCulture));
        }

        if (time != 0)
        {
            writer.WriteString("timeUnixNano"u8, time.ToString(CultureInfo.InvariantCulture));
        }

        // A point flagged "no recorded value" (a stale marker) carries no value: the rules see none and skip it.
        if ((flags & (uint)DataPointFlags.NoRecordedValueMask) == 0 && value is { } v && double.IsFinite(v))
        {
            writer.WriteNumber("value"u8, v);
        }

        if (sum is { } s && double.IsFinite(s))
        {
            writer.WriteNumber("sum"u8, s);
        }

        writer.WritePropertyName("attributes"u8);
        AttributeJson.WriteObject(writer, attributes);
        writer.WritePropertyName("resource"u8);
        AttributeJson.WriteObject(writer, resource);
        LogDocuments.WriteScope(writer, scope);
        context.Write(writer, resource, attributes);
        writer.WriteString("series"u8, Series(metric.Name, scope, resource, attributes));
        writer.WriteEndObject();
    }

    /// <summary>The stream identity: metric name, scope name, and the resource's and point's attributes sorted by key.</summary>
    internal static string Series(string name, InstrumentationScope? scope, RepeatedField<KeyValue> resource, RepeatedField<KeyValue> attributes)
    {
        var text = new StringBuilder(256).Append(name).Append('\u001f').Append(scope?.Name).Append('\u001f');
        Append(text, resource);
        text.Append('\u001f');
        Append(text, attributes);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()), hash);
        return Convert.ToHexStringLower(hash[..16]);
    }

    private static void Append(StringBuilder text, RepeatedField<KeyValue> attributes)
    {
        foreach (var attribute in attributes.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            // The value's protobuf JSON: exact and typed (1 and "1" differ), stable for one value.
            text.Append(attribute.Key).Append('=').Append(attribute.Value?.ToString()).Append('\u001e');
        }
    }
}
