using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Pn = Prometheus;

namespace Observability.Benchmarks;

/// <summary>
/// Hot-path updates, ours against prometheus-net 8.2.1, in the loop form of <see cref="InstrumentLoopBenchmarks"/>
/// (<see cref="Ops"/> updates per invocation, so the delegate-call overhead is spread out). Each category has our
/// library as its baseline; the same family shapes, label values and buckets on both sides, each child looked up
/// once in setup. prometheus-net runs without a default exemplar provider (the same work as ours, which records an
/// exemplar only when given one); one row per category shows its default provider, which reads <c>Activity.Current</c>.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class InstrumentVsPrometheusNetBenchmarks
{
    public const int Ops = 1000;

    private static readonly double[] Buckets = [0.1, 0.5, 1, 5, 10];
    private readonly double _value = 0.3;

    private Counter _unlabelled = null!;
    private Counter _child = null!;
    private Histogram _histogram = null!;
    private Pn.Counter.Child _pnUnlabelled = null!;
    private Pn.Counter.Child _pnChild = null!;
    private Pn.Histogram.Child _pnHistogram = null!;
    private Pn.Counter.Child _pnChildDefault = null!;
    private Pn.Histogram.Child _pnHistogramDefault = null!;

    [GlobalSetup]
    public void Setup()
    {
        var registry = new MetricRegistry(new MetricRegistryOptions { Namespace = "bench" });
        _unlabelled = registry.CreateCounter("events_total", "help").Unlabelled;
        _child = registry.CreateCounter("requests_total", "help", "method", "route", "code").WithLabels("GET", "/api/orders", "200");
        _histogram = registry.CreateHistogram("latency_seconds", "help", Buckets, "route").WithLabels("/api/orders");

        var pn = PrometheusNetScrapeRegistry.Factory(Pn.Metrics.NewCustomRegistry());
        _pnUnlabelled = ((Pn.ICollector<Pn.Counter.Child>)pn.CreateCounter("bench_events_total", "help")).Unlabelled;
        _pnChild = pn.CreateCounter("bench_requests_total", "help", ["method", "route", "code"]).WithLabels(["GET", "/api/orders", "200"]);
        _pnHistogram = pn.CreateHistogram("bench_latency_seconds", "help", new Pn.HistogramConfiguration { LabelNames = ["route"], Buckets = Buckets })
            .WithLabels(["/api/orders"]);

        var pnDefault = Pn.Metrics.WithCustomRegistry(Pn.Metrics.NewCustomRegistry());
        _pnChildDefault = pnDefault.CreateCounter("bench_requests_total", "help", ["method", "route", "code"]).WithLabels(["GET", "/api/orders", "200"]);
        _pnHistogramDefault = pnDefault.CreateHistogram(
            "bench_latency_seconds", "help", new Pn.HistogramConfiguration { LabelNames = ["route"], Buckets = Buckets }).WithLabels(["/api/orders"]);
    }

    [Benchmark(Baseline = true, Description = "ours: Counter.Inc() unlabelled", OperationsPerInvoke = Ops)]
    [BenchmarkCategory("counter unlabelled")]
    public void OursCounterUnlabelled()
    {
        var counter = _unlabelled;
        for (var i = 0; i < Ops; i++)
        {
            counter.Inc();
        }
    }

    [Benchmark(Description = "prometheus-net: Counter.Child.Inc() unlabelled", OperationsPerInvoke = Ops)]
    [BenchmarkCategory("counter unlabelled")]
    public void PnCounterUnlabelled()
    {
        var counter = _pnUnlabelled;
        for (var i = 0; i < Ops; i++)
        {
            counter.Inc();
        }
    }

    [Benchmark(Baseline = true, Description = "ours: Counter.Inc() cached labelled child", OperationsPerInvoke = Ops)]
    [BenchmarkCategory("counter child")]
    public void OursCounterChild()
    {
        var counter = _child;
        for (var i = 0; i < Ops; i++)
        {
            counter.Inc();
        }
    }

    [Benchmark(Description = "prometheus-net: Counter.Child.Inc() cached labelled child", OperationsPerInvoke = Ops)]
    [BenchmarkCategory("counter child")]
    public void PnCounterChild()
    {
        var counter = _pnChild;
        for (var i = 0; i < Ops; i++)
        {
            counter.Inc();
        }
    }

    [Benchmark(Description = "prometheus-net, default exemplar provider: Counter.Child.Inc()", OperationsPerInvoke = Ops)]
    [BenchmarkCategory("counter child")]
    public void PnCounterChildDefaultExemplars()
    {
        var counter = _pnChildDefault;
        for (var i = 0; i < Ops; i++)
        {
            counter.Inc();
        }
    }

    [Benchmark(Baseline = true, Description = "ours: Histogram.Observe(0.3), 5 buckets", OperationsPerInvoke = Ops)]
    [BenchmarkCategory("histogram observe")]
    public void OursHistogramObserve()
    {
        var histogram = _histogram;
        var value = _value;
        for (var i = 0; i < Ops; i++)
        {
            histogram.Observe(value);
        }
    }

    [Benchmark(Description = "prometheus-net: Histogram.Child.Observe(0.3), 5 buckets", OperationsPerInvoke = Ops)]
    [BenchmarkCategory("histogram observe")]
    public void PnHistogramObserve()
    {
        var histogram = _pnHistogram;
        var value = _value;
        for (var i = 0; i < Ops; i++)
        {
            histogram.Observe(value);
        }
    }

    [Benchmark(Description = "prometheus-net, default exemplar provider: Histogram.Child.Observe(0.3)", OperationsPerInvoke = Ops)]
    [BenchmarkCategory("histogram observe")]
    public void PnHistogramObserveDefaultExemplars()
    {
        var histogram = _pnHistogramDefault;
        var value = _value;
        for (var i = 0; i < Ops; i++)
        {
            histogram.Observe(value);
        }
    }
}
