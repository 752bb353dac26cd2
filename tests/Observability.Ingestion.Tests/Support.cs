using System.Globalization;
using System.Text;
using System.Text.Json;
using Observability.Ingestion.Events;
using Observability.Metrics;
using Observability.Metrics.Exposition;

namespace Observability.Ingestion.Tests;

internal static class Support
{
    public static PipelineEvent Event(string json)
    {
        var document = JsonDocument.Parse(json);
        var error = EventValidator.Validate(document.RootElement, out var envelope, out var metadata);
        Assert.True(error is null, $"{error?.Field}: {error?.Reason}");
        return new PipelineEvent(document, envelope!, metadata);
    }

    public static ValidationError? Validate(string json)
    {
        using var document = JsonDocument.Parse(json);
        return EventValidator.Validate(document.RootElement, out _);
    }

    public static string Task(string id, string type, string at, string entity = "T-1", string metadata = "{}", string agent = """{"model":"m1","role":"impl"}""") =>
        $$"""{"id":"{{id}}","timestamp":"{{at}}","eventType":"{{type}}","entityId":"{{entity}}","agent":{{agent}},"metadata":{{metadata}}}""";

    /// <summary>The value of one sample line in the text exposition, or null if absent.</summary>
    public static double? Sample(MetricRegistry registry, string series)
    {
        var text = registry.CollectAsString(ExpositionFormat.PrometheusText);
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith(series + " ", StringComparison.Ordinal))
            {
                return double.Parse(line[(series.Length + 1)..], CultureInfo.InvariantCulture);
            }
        }

        return null;
    }

    public static ReadOnlyMemory<byte> Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
