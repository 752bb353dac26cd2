using System.Globalization;
using BenchmarkDotNet.Attributes;

namespace Observability.Benchmarks;

/// <summary>
/// Creating series: each invocation adds new 3-label sets to families created fresh for the iteration,
/// with a cap high enough that none folds into overflow. Two sizes, because the cost per new series
/// depends on how many the family already holds. The label strings are made in global setup, so the
/// allocation figure is the library's own per series.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
[InvocationCount(1)]
public class NewSeriesBenchmarks
{
    public const int Small = 1_000;
    public const int Large = 20_000;

    private readonly string[] _methods = ["GET", "POST", "PUT", "DELETE"];
    private readonly string[] _codes = ["200", "201", "204", "400", "404", "500", "503"];
    private string[] _ids = [];
    private CounterFamily _counter = null!;
    private HistogramFamily _histogram = null!;

    [GlobalSetup]
    public void Setup() =>
        _ids = [.. Enumerable.Range(0, Large).Select(i => "tenant-" + i.ToString("D6", CultureInfo.InvariantCulture))];

    [IterationSetup]
    public void FreshFamilies()
    {
        var registry = new MetricRegistry(new MetricRegistryOptions { Namespace = "bench" });
        string[] labels = ["tenant", "method", "code"];
        _counter = registry.CreateCounter("requests_total", "help", new MetricOptions { LabelNames = labels, MaxSeries = Large + 1 });
        _histogram = registry.CreateHistogram(
            "latency_seconds", "help", new MetricOptions { LabelNames = labels, Buckets = [0.1, 0.5, 1, 5, 10], MaxSeries = Large + 1 });
    }

    [Benchmark(Description = "new counter series (3 labels), first 1,000 of a family", OperationsPerInvoke = Small)]
    public Counter NewCounterSeriesSmall() => AddCounters(Small);

    [Benchmark(Description = "new counter series (3 labels), first 20,000 of a family", OperationsPerInvoke = Large)]
    public Counter NewCounterSeriesLarge() => AddCounters(Large);

    [Benchmark(Description = "new histogram series (3 labels, 5 buckets), first 20,000", OperationsPerInvoke = Large)]
    public Histogram NewHistogramSeriesLarge()
    {
        Histogram last = null!;
        for (var i = 0; i < Large; i++)
        {
            last = _histogram.WithLabels(_ids[i], _methods[i & 3], _codes[i % 7]);
        }

        return last;
    }

    private Counter AddCounters(int count)
    {
        Counter last = null!;
        for (var i = 0; i < count; i++)
        {
            last = _counter.WithLabels(_ids[i], _methods[i & 3], _codes[i % 7]);
        }

        return last;
    }
}
