namespace Observability.Metrics.Exposition;

/// <summary>The wire formats a registry can be written in.</summary>
public enum ExpositionFormat
{
    /// <summary>Prometheus text format 0.0.4.</summary>
    PrometheusText,

    /// <summary>OpenMetrics text 1.0.0, with exemplars and <c># EOF</c>.</summary>
    OpenMetrics,
}
