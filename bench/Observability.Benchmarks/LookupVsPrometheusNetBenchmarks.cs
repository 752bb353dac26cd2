using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Pn = Prometheus;

namespace Observability.Benchmarks;

/// <summary>
/// Looking up a series that already exists by its three label values, ours against prometheus-net 8.2.1, in
/// families of the same shape and size as <see cref="LookupBenchmarks"/> (about 300 neighbours). prometheus-net
/// is called through its span overload, its allocation-free hit path; the <c>params string[]</c> row is the call
/// as its README writes it (<c>WithLabels("GET", route, "200")</c>), which allocates the array.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class LookupVsPrometheusNetBenchmarks
{
    private static readonly double[] Buckets = [0.1, 0.5, 1, 5, 10];

    private CounterFamily _counter = null!;
    private HistogramFamily _histogram = null!;
    private Pn.Counter _pnCounter = null!;
    private Pn.Histogram _pnHistogram = null!;

    // Label values as an application holds them: strings it already has, not literals built per call.
    private string _method = null!;
    private string _route = null!;
    private string _code = null!;

    [GlobalSetup]
    public void Setup()
    {
        var registry = new MetricRegistry(new MetricRegistryOptions { Namespace = "bench" });
        _counter = registry.CreateCounter("requests_total", "help", "method", "route", "code");
        _histogram = registry.CreateHistogram("latency_seconds", "help", Buckets, "method", "route", "code");
        var pn = PrometheusNetScrapeRegistry.Factory(Pn.Metrics.NewCustomRegistry());
        _pnCounter = pn.CreateCounter("bench_requests_total", "help", ["method", "route", "code"]);
        _pnHistogram = pn.CreateHistogram(
            "bench_latency_seconds", "help", new Pn.HistogramConfiguration { LabelNames = ["method", "route", "code"], Buckets = Buckets });

        foreach (var method in (string[])["GET", "POST", "PUT", "DELETE"])
        {
            for (var r = 0; r < 25; r++)
            {
                foreach (var code in (string[])["200", "404", "500"])
                {
                    var route = $"/api/resource{r}";
                    _counter.WithLabels(method, route, code);
                    _histogram.WithLabels(method, route, code);
                    _pnCounter.WithLabels([method, route, code]);
                    _pnHistogram.WithLabels([method, route, code]);
                }
            }
        }

        _method = "GET";
        _route = "/api/orders/{id}";
        _code = "200";
        _counter.WithLabels(_method, _route, _code);
        _histogram.WithLabels(_method, _route, _code);
        _pnCounter.WithLabels([_method, _route, _code]);
        _pnHistogram.WithLabels([_method, _route, _code]);
    }

    [Benchmark(Baseline = true, Description = "ours: CounterFamily.WithLabels(3 values), cached")]
    [BenchmarkCategory("counter lookup")]
    public Counter OursCounter() => _counter.WithLabels(_method, _route, _code);

    [Benchmark(Description = "prometheus-net: Counter.WithLabels(ReadOnlySpan<string>), cached")]
    [BenchmarkCategory("counter lookup")]
    public Pn.Counter.Child PnCounterSpan() => _pnCounter.WithLabels([_method, _route, _code]);

    [Benchmark(Description = "prometheus-net: Counter.WithLabels(params string[]), cached")]
    [BenchmarkCategory("counter lookup")]
    public Pn.Counter.Child PnCounterArray() => _pnCounter.WithLabels(_method, _route, _code);

    [Benchmark(Baseline = true, Description = "ours: HistogramFamily.WithLabels(3 values).Observe(0.3)")]
    [BenchmarkCategory("histogram lookup + observe")]
    public void OursHistogram() => _histogram.WithLabels(_method, _route, _code).Observe(0.3);

    [Benchmark(Description = "prometheus-net: Histogram.WithLabels(ReadOnlySpan<string>).Observe(0.3)")]
    [BenchmarkCategory("histogram lookup + observe")]
    public void PnHistogramSpan() => _pnHistogram.WithLabels([_method, _route, _code]).Observe(0.3);
}
