using System.Text.Json;
using Observability.Otlp;
using OpenTelemetry.Proto.Collector.Metrics.V1;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Metrics.V1;

namespace Observability.Otlp.Tests;

public sealed class MetricDocumentsTests
{
    [Fact]
    public void Build_CumulativeSum_PointDocumentWithTemporalityTimesValueAndSeries()
    {
        using var documents = MetricDocuments.Build(Cost(("model", "claude-sonnet-4-5"), ("session.id", "s-1")), new OtlpContext());

        var point = LogDocumentsTests.Json(Assert.Single(documents.Items));
        Assert.Equal("claude_code.cost.usage", point.GetProperty("name").GetString());
        Assert.Equal("cumulative", point.GetProperty("temporality").GetString());
        Assert.Equal(0.25, point.GetProperty("value").GetDouble());
        Assert.Equal("1700000000000000000", point.GetProperty("startTimeUnixNano").GetString());
        Assert.Equal("1700000060000000000", point.GetProperty("timeUnixNano").GetString());
        Assert.Equal(32, point.GetProperty("series").GetString()!.Length);
    }

    [Fact]
    public void Series_AttributeOrder_SameSeriesOtherValueOtherSeries()
    {
        var a = Series(Cost(("model", "m"), ("session.id", "s-1")));
        var b = Series(Cost(("session.id", "s-1"), ("model", "m")));
        var c = Series(Cost(("session.id", "s-2"), ("model", "m")));

        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void Build_NoRecordedValueFlag_PointWithoutValue()
    {
        var request = Cost(("model", "m"));
        request.ResourceMetrics[0].ScopeMetrics[0].Metrics[0].Sum.DataPoints[0].Flags = (uint)DataPointFlags.NoRecordedValueMask;

        using var documents = MetricDocuments.Build(request, new OtlpContext());

        Assert.False(LogDocumentsTests.Json(Assert.Single(documents.Items)).TryGetProperty("value", out _));
    }

    private static string Series(ExportMetricsServiceRequest request)
    {
        using var documents = MetricDocuments.Build(request, new OtlpContext());
        return LogDocumentsTests.Json(documents.Items[0]).GetProperty("series").GetString()!;
    }

    internal static ExportMetricsServiceRequest Cost(params (string Key, string Value)[] attributes)
    {
        var point = new NumberDataPoint { AsDouble = 0.25, StartTimeUnixNano = 1700000000000000000, TimeUnixNano = 1700000060000000000 };
        foreach (var (key, value) in attributes)
        {
            point.Attributes.Add(new KeyValue { Key = key, Value = new AnyValue { StringValue = value } });
        }

        var metric = new Metric { Name = "claude_code.cost.usage", Unit = "USD", Sum = new Sum { AggregationTemporality = AggregationTemporality.Cumulative, IsMonotonic = true } };
        metric.Sum.DataPoints.Add(point);
        var scope = new ScopeMetrics { Scope = new InstrumentationScope { Name = "com.anthropic.claude_code" } };
        scope.Metrics.Add(metric);
        var resource = new ResourceMetrics { Resource = new OpenTelemetry.Proto.Resource.V1.Resource() };
        resource.ScopeMetrics.Add(scope);
        var request = new ExportMetricsServiceRequest();
        request.ResourceMetrics.Add(resource);
        return request;
    }
}
