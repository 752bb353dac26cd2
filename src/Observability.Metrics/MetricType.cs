namespace Observability.Metrics;

/// <summary>The Prometheus metric types this library exposes.</summary>
public enum MetricType
{
    /// <summary>A monotonically increasing total.</summary>
    Counter,

    /// <summary>A value that can go up and down.</summary>
    Gauge,

    /// <summary>Observations counted into cumulative buckets, with their sum and count.</summary>
    Histogram,
}
