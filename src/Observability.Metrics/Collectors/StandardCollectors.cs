namespace Observability.Metrics.Collectors;

/// <summary>Registration of the standard collectors every official Prometheus client ships.</summary>
public static class StandardCollectors
{
    /// <summary>
    /// Adds <c>process_*</c> metrics (standard names, no namespace) and <c>{namespace}_dotnet_*</c>
    /// runtime metrics, refreshed at the start of each collection.
    /// </summary>
    public static MetricRegistry AddStandardCollectors(this MetricRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var process = new ProcessCollector(registry);
        var runtime = new DotNetRuntimeCollector(registry);
        registry.AddCollectCallback(process.Collect);
        registry.AddCollectCallback(runtime.Collect);
        return registry;
    }
}
