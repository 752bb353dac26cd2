using System.Globalization;
using Observability.Metrics.Collectors;
using Observability.Metrics.Exposition;

namespace Observability.Metrics.Tests.Collectors;

public sealed class StandardCollectorsTests
{
    [Fact]
    public void AddStandardCollectors_Collect_WritesStandardProcessNamesWithoutNamespace()
    {
        var registry = new MetricRegistry(new MetricRegistryOptions { Namespace = "agentobs" }).AddStandardCollectors();

        var text = registry.CollectAsString(ExpositionFormat.PrometheusText);

        Assert.True(Sample(text, "process_cpu_seconds_total") > 0);
        Assert.True(Sample(text, "process_resident_memory_bytes") > 1_000_000);
        Assert.True(Sample(text, "process_virtual_memory_bytes") >= Sample(text, "process_resident_memory_bytes"));
        Assert.True(Sample(text, "process_open_fds") > 0);
        Assert.True(Sample(text, "process_max_fds") >= Sample(text, "process_open_fds"));
        var start = Sample(text, "process_start_time_seconds");
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        Assert.InRange(start, now - 3600, now + 1);
    }

    [Fact]
    public void AddStandardCollectors_Collect_WritesRuntimeMetricsUnderNamespace()
    {
        var registry = new MetricRegistry(new MetricRegistryOptions { Namespace = "agentobs" }).AddStandardCollectors();
        GC.Collect(0);

        var text = registry.CollectAsString(ExpositionFormat.PrometheusText);

        Assert.True(Sample(text, "agentobs_dotnet_gc_collections_total{generation=\"0\"}") >= 1);
        Assert.True(Sample(text, "agentobs_dotnet_gc_heap_size_bytes") > 0);
        Assert.True(Sample(text, "agentobs_dotnet_gc_allocated_bytes_total") > 0);
        Assert.Equal(StableThreadCount(registry, out var sampled), sampled);
        Assert.Contains("agentobs_dotnet_exceptions_total ", text, StringComparison.Ordinal);
        Assert.Contains("agentobs_dotnet_threadpool_queue_length ", text, StringComparison.Ordinal);
        Assert.Contains("agentobs_dotnet_gc_pause_seconds_total ", text, StringComparison.Ordinal);
    }

    [Fact]
    public void DotNetRuntimeCollector_ExceptionThrown_IsCounted()
    {
        var registry = new MetricRegistry().AddStandardCollectors();
        var before = Sample(registry.CollectAsString(ExpositionFormat.PrometheusText), "dotnet_exceptions_total");

        try
        {
            throw new InvalidOperationException("counted");
        }
        catch (InvalidOperationException)
        {
        }

        Assert.True(Sample(registry.CollectAsString(ExpositionFormat.PrometheusText), "dotnet_exceptions_total") >= before + 1);
    }

    [Fact]
    public void CpuCounter_RepeatedScrapes_NeverDecreases()
    {
        var registry = new MetricRegistry().AddStandardCollectors();
        var last = 0.0;
        for (var i = 0; i < 20; i++)
        {
            var value = Sample(registry.CollectAsString(ExpositionFormat.PrometheusText), "process_cpu_seconds_total");
            Assert.True(value >= last);
            last = value;
        }
    }

    // The pool's thread count as the collector read it, taken when ThreadPool.ThreadCount was the same just before and
    // just after the scrape (the pool may add or retire a thread at any moment; a stable read is soon found).
    private static double StableThreadCount(MetricRegistry registry, out double sampled)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var before = ThreadPool.ThreadCount;
            sampled = Sample(registry.CollectAsString(ExpositionFormat.PrometheusText), "agentobs_dotnet_threadpool_threads");
            if (ThreadPool.ThreadCount == before)
            {
                return before;
            }
        }

        throw new Xunit.Sdk.XunitException("ThreadPool.ThreadCount never held still across a scrape");
    }

    private static double Sample(string text, string series)
    {
        var start = text.IndexOf("\n" + series + " ", StringComparison.Ordinal);
        Assert.True(start >= 0, $"{series} missing");
        start += series.Length + 2;
        return double.Parse(text[start..text.IndexOf('\n', start)], CultureInfo.InvariantCulture);
    }
}
