using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Pn = Prometheus;

namespace Observability.Benchmarks;

/// <summary>
/// Creating series, ours against prometheus-net 8.2.1, as <see cref="NewSeriesBenchmarks"/> does it: each invocation
/// adds <see cref="Count"/> new 3-label sets to families created fresh for the iteration (ours with a cap above
/// that, so nothing folds into overflow; prometheus-net has no cap). Label strings are made in global setup, so the
/// allocation figure is each library's own per series. prometheus-net is called through its span overload.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
[InvocationCount(1)]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class NewSeriesVsPrometheusNetBenchmarks
{
    public const int Count = 20_000;

    private static readonly double[] Buckets = [0.1, 0.5, 1, 5, 10];
    private static readonly string[] LabelNames = ["tenant", "method", "code"];
    private readonly string[] _methods = ["GET", "POST", "PUT", "DELETE"];
    private readonly string[] _codes = ["200", "201", "204", "400", "404", "500", "503"];
    private string[] _ids = [];
    private CounterFamily _counter = null!;
    private HistogramFamily _histogram = null!;
    private Pn.Counter _pnCounter = null!;
    private Pn.Histogram _pnHistogram = null!;

    [GlobalSetup]
    public void Setup() =>
        _ids = [.. Enumerable.Range(0, Count).Select(i => "tenant-" + i.ToString("D6", CultureInfo.InvariantCulture))];

    [IterationSetup]
    public void FreshFamilies()
    {
        var registry = new MetricRegistry(new MetricRegistryOptions { Namespace = "bench" });
        _counter = registry.CreateCounter("requests_total", "help", new MetricOptions { LabelNames = LabelNames, MaxSeries = Count + 1 });
        _histogram = registry.CreateHistogram(
            "latency_seconds", "help", new MetricOptions { LabelNames = LabelNames, Buckets = Buckets, MaxSeries = Count + 1 });

        var pn = PrometheusNetScrapeRegistry.Factory(Pn.Metrics.NewCustomRegistry());
        _pnCounter = pn.CreateCounter("bench_requests_total", "help", LabelNames);
        _pnHistogram = pn.CreateHistogram("bench_latency_seconds", "help", new Pn.HistogramConfiguration { LabelNames = LabelNames, Buckets = Buckets });
    }

    [Benchmark(Baseline = true, Description = "ours: new counter series (3 labels), first 20,000", OperationsPerInvoke = Count)]
    [BenchmarkCategory("new counter series")]
    public Counter OursCounter()
    {
        Counter last = null!;
        for (var i = 0; i < Count; i++)
        {
            last = _counter.WithLabels(_ids[i], _methods[i & 3], _codes[i % 7]);
        }

        return last;
    }

    [Benchmark(Description = "prometheus-net: new counter series (3 labels), first 20,000", OperationsPerInvoke = Count)]
    [BenchmarkCategory("new counter series")]
    public Pn.Counter.Child PnCounter()
    {
        Pn.Counter.Child last = null!;
        for (var i = 0; i < Count; i++)
        {
            last = _pnCounter.WithLabels([_ids[i], _methods[i & 3], _codes[i % 7]]);
        }

        return last;
    }

    [Benchmark(Baseline = true, Description = "ours: new histogram series (3 labels, 5 buckets), first 20,000", OperationsPerInvoke = Count)]
    [BenchmarkCategory("new histogram series")]
    public Histogram OursHistogram()
    {
        Histogram last = null!;
        for (var i = 0; i < Count; i++)
        {
            last = _histogram.WithLabels(_ids[i], _methods[i & 3], _codes[i % 7]);
        }

        return last;
    }

    [Benchmark(Description = "prometheus-net: new histogram series (3 labels, 5 buckets), first 20,000", OperationsPerInvoke = Count)]
    [BenchmarkCategory("new histogram series")]
    public Pn.Histogram.Child PnHistogram()
    {
        Pn.Histogram.Child last = null!;
        for (var i = 0; i < Count; i++)
        {
            last = _pnHistogram.WithLabels([_ids[i], _methods[i & 3], _codes[i % 7]]);
        }

        return last;
    }
}
