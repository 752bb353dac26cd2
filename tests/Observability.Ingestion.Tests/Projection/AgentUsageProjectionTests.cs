using Observability.Ingestion.Mapping;
using Observability.Metrics;

namespace Observability.Ingestion.Tests.Projection;

/// <summary>Agents' counter points (agent:usage) folded into the default mapping's cumulative counters.</summary>
public sealed class AgentUsageProjectionTests
{
    private const string Cost = "t_agent_cost_usd_total{agent=\"claude-code\",model=\"m\"}";
    private const string Resets = "t_agent_usage_resets_total{agent=\"claude-code\"}";
    private readonly MetricRegistry _registry = new(new MetricRegistryOptions { Namespace = "t" });
    private readonly Projector _projector;
    private int _ids;

    public AgentUsageProjectionTests() => _projector = new Projector(_registry, MetricMapping.Load(_registry, []));

    [Fact]
    public void Cumulative_GrowingTotals_CountsEachIncrementOnce()
    {
        Point(0.5, "cumulative", start: "1", at: "10:01:00");
        Point(0.75, "cumulative", start: "1", at: "10:02:00");
        Point(0.75, "cumulative", start: "1", at: "10:03:00");

        Assert.Equal(0.75, Sample(Cost));
        Assert.Equal(0, Sample(Resets) ?? 0);
    }

    [Fact]
    public void Cumulative_NewStartTime_RestartCountsTheWholeNewTotal()
    {
        Point(0.5, "cumulative", start: "1", at: "10:01:00");
        Point(0.25, "cumulative", start: "2", at: "10:02:00");
        Point(0.5, "cumulative", start: "2", at: "10:03:00");

        Assert.Equal(1.0, Sample(Cost));
        Assert.Equal(1, Sample(Resets));
    }

    [Fact]
    public void Cumulative_ValueDropsUnderTheSameStart_ResetCountsTheNewValue()
    {
        Point(0.5, "cumulative", start: "1", at: "10:01:00");
        Point(0.125, "cumulative", start: "1", at: "10:02:00");

        Assert.Equal(0.625, Sample(Cost));
        Assert.Equal(1, Sample(Resets));
    }

    [Fact]
    public void Cumulative_LatePointOfTheSameSeries_AddsNothing()
    {
        Point(0.5, "cumulative", start: "1", at: "10:02:00");
        Point(0.25, "cumulative", start: "1", at: "10:01:00");

        Assert.Equal(0.5, Sample(Cost));
    }

    [Fact]
    public void Delta_EachPointIsItsIncrement()
    {
        Point(0.5, "delta", start: "1", at: "10:01:00");
        Point(0.25, "delta", start: "2", at: "10:02:00");

        Assert.Equal(0.75, Sample(Cost));
    }

    [Fact]
    public void Cumulative_StateRestoredFromSnapshot_NextPointStillADifference()
    {
        Point(0.5, "cumulative", start: "1", at: "10:01:00");
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            _projector.Metrics.WriteState(writer);
        }

        var registry = new MetricRegistry(new MetricRegistryOptions { Namespace = "t" });
        var restored = new Projector(registry, MetricMapping.Load(registry, []));
        stream.Position = 0;
        using (var reader = new BinaryReader(stream))
        {
            restored.Metrics.ReadState(reader);
        }

        restored.Project(Support.Event(Json(0.75, "cumulative", "1", "10:02:00")));

        Assert.Equal(0.75, Support.Sample(registry, Cost));
    }

    private void Point(double value, string temporality, string start, string at) => _projector.Project(Support.Event(Json(value, temporality, start, at)));

    private string Json(double value, string temporality, string start, string at)
    {
        var number = value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var metadata = $$$"""{"source":"claude-code","metric":"claude_code.cost.usage","value":{{{number}}},"temporality":"{{{temporality}}}","series":"abc","startTime":"{{{start}}}"}""";
        return $$$"""{"id":"u-{{{++_ids}}}","timestamp":"2025-12-07T{{{at}}}Z","eventType":"agent:usage","entityId":"s-1","source":"claude-code","agent":{"model":"m"},"metadata":{{{metadata}}}}""";
    }

    private double? Sample(string series) => Support.Sample(_registry, series);
}
