using System.Globalization;
using System.Text;
using Observability.Events;
using Observability.Ingestion.Events;
using Observability.Ingestion.Mapping;
using Observability.Ingestion.Projection;
using Observability.Metrics;
using Observability.Metrics.Exposition;

namespace Observability.Ingestion.Tests;

internal static class Support
{
    /// <summary>A valid event, read by the one reader as ingestion reads it.</summary>
    public static TestEvent Event(string json)
    {
        var error = EventValidator.Validate(Encoding.UTF8.GetBytes(json), out var e, out _);
        Assert.True(error is null, $"{error?.Field}: {error?.Reason}");
        return new TestEvent(e);
    }

    public static ValidationError? Validate(string json) => EventValidator.Validate(Encoding.UTF8.GetBytes(json), out _, out _);

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

/// <summary>One event for a test: disposable only so the tests read as they did when events owned a document.</summary>
internal sealed class TestEvent(StoredEvent e) : IDisposable
{
    public StoredEvent Envelope { get; } = e;

    public string Id => Envelope.Id;

    public DateTimeOffset Timestamp => Envelope.Timestamp;

    public string EventType => Envelope.EventType;

    public string? MetadataString(string name) => Envelope.Metadata.Text(name);

    public void Dispose()
    {
    }
}

/// <summary>The mapped metrics and task outcomes applied as the host applies them, for tests of the two projections.</summary>
internal sealed class Projector(MetricRegistry registry, MetricMapping mapping)
{
    public MetricsProjection Metrics { get; } = new(mapping, registry);

    public TaskOutcomesProjection Outcomes { get; } = new(mapping.Family("ai_success_rate") as GaugeFamily);

    public int OpenItems => Metrics.OpenItems;

    public TaskDailySummary Daily => Outcomes.Daily;

    public void Project(TestEvent e)
    {
        Metrics.Apply(e.Envelope);
        Outcomes.Apply(e.Envelope);
    }

    public void WriteTo(BinaryWriter writer)
    {
        Metrics.WriteState(writer);
        Outcomes.WriteState(writer);
    }

    public void ReadFrom(BinaryReader reader)
    {
        Metrics.ReadState(reader);
        Outcomes.ReadState(reader);
    }
}
