using BenchmarkDotNet.Attributes;

namespace Observability.Benchmarks;

/// <summary>Hot-path updates on series that already exist (the child is looked up once, in setup).</summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class InstrumentBenchmarks
{
    private readonly Exemplar _exemplar = Exemplar.Of("trace_id", "4bf92f3577b34da6a3ce929d0e0e4736");
    private Counter _unlabelled = null!;
    private Counter _child = null!;
    private Gauge _gauge = null!;
    private Histogram _histogram = null!;
    private Histogram _defaultBucketsHistogram = null!;
    private readonly double _value = 0.3;

    [GlobalSetup]
    public void Setup()
    {
        var registry = new MetricRegistry(new MetricRegistryOptions { Namespace = "bench" });
        _unlabelled = registry.CreateCounter("events_total", "help").Unlabelled;
        _child = registry.CreateCounter("requests_total", "help", "method", "route", "code").WithLabels("GET", "/api/orders", "200");
        _gauge = registry.CreateGauge("temperature_celsius", "help", "room").WithLabels("server_room");
        _histogram = registry.CreateHistogram("latency_seconds", "help", [0.1, 0.5, 1, 5, 10], "route").WithLabels("/api/orders");
        _defaultBucketsHistogram = registry.CreateHistogram("request_seconds", "help", null, "route").WithLabels("/api/orders");
    }

    [Benchmark(Description = "Counter.Inc() unlabelled")]
    public void CounterIncUnlabelled() => _unlabelled.Inc();

    [Benchmark(Description = "Counter.Inc() cached labelled child")]
    public void CounterIncChild() => _child.Inc();

    [Benchmark(Description = "Counter.Inc(2.5) fractional")]
    public void CounterIncFractional() => _child.Inc(2.5);

    [Benchmark(Description = "Counter.Inc(1, exemplar)")]
    public void CounterIncExemplar() => _child.Inc(1, _exemplar);

    [Benchmark(Description = "Gauge.Set(v)")]
    public void GaugeSet() => _gauge.Set(_value);

    [Benchmark(Description = "Histogram.Observe(0.3), 5 buckets")]
    public void HistogramObserve() => _histogram.Observe(_value);

    [Benchmark(Description = "Histogram.Observe(0.3), 11 default buckets")]
    public void HistogramObserveDefaultBuckets() => _defaultBucketsHistogram.Observe(_value);
}
