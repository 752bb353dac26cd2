using BenchmarkDotNet.Attributes;

namespace Observability.Benchmarks;

/// <summary>Looking up a series that already exists by its label values (the "cached child" path).</summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class LookupBenchmarks
{
    private CounterFamily _counter = null!;
    private HistogramFamily _histogram = null!;

    // Label values as an application holds them: strings it already has, not literals built per call.
    private string _method = null!;
    private string _route = null!;
    private string _code = null!;

    // Edge cases of the same lookup: a value over MaxLabelValueLength (128), and a family at its cap.
    private string _longRoute = null!;
    private CounterFamily _full = null!;

    [GlobalSetup]
    public void Setup()
    {
        var registry = new MetricRegistry(new MetricRegistryOptions { Namespace = "bench" });
        _counter = registry.CreateCounter("requests_total", "help", "method", "route", "code");
        _histogram = registry.CreateHistogram("latency_seconds", "help", [0.1, 0.5, 1, 5, 10], "method", "route", "code");
        _method = "GET";
        _route = "/api/orders/{id}";
        _code = "200";

        // A family with neighbours, so the lookup is not into a one-entry dictionary.
        foreach (var method in (string[])["GET", "POST", "PUT", "DELETE"])
        {
            for (var r = 0; r < 25; r++)
            {
                foreach (var code in (string[])["200", "404", "500"])
                {
                    _counter.WithLabels(method, $"/api/resource{r}", code);
                    _histogram.WithLabels(method, $"/api/resource{r}", code);
                }
            }
        }

        _counter.WithLabels(_method, _route, _code);
        _histogram.WithLabels(_method, _route, _code);

        _longRoute = "/api/search?q=" + new string('x', 200);
        _counter.WithLabels(_method, _longRoute, _code);

        _full = registry.CreateCounter("capped_total", "help", "method", "route", "code");
        for (var i = 0; i < _full.MaxSeries; i++)
        {
            _full.WithLabels(_method, "/api/item" + i, _code);
        }
    }

    [Benchmark(Description = "CounterFamily.WithLabels(3 values), cached")]
    public Counter WithLabelsCached() => _counter.WithLabels(_method, _route, _code);

    [Benchmark(Description = "WithLabels(3 values), cached, one value > 128 chars")]
    public Counter WithLabelsCachedLongValue() => _counter.WithLabels(_method, _longRoute, _code);

    [Benchmark(Description = "WithLabels(3 values), family at its 2,000-series cap")]
    public Counter WithLabelsOverflow() => _full.WithLabels(_method, _route, _code);

    [Benchmark(Description = "WithLabels(3 values).Inc()")]
    public void WithLabelsThenInc() => _counter.WithLabels(_method, _route, _code).Inc();

    [Benchmark(Description = "WithLabels(3 values).Observe(0.3)")]
    public void WithLabelsThenObserve() => _histogram.WithLabels(_method, _route, _code).Observe(0.3);
}
