using BenchmarkDotNet.Attributes;
using Observability.Analytics;
using Observability.Analytics.Pipeline;
using Observability.Analytics.Runs;
using Observability.Projections;

namespace Observability.Benchmarks;

/// <summary>
/// The pipeline-observability and WS-METRICS contracts' answer times over a 1,000,000-event log
/// (<see cref="AnalyticsLog"/>), the way the endpoints answer: wait until the projection host has applied the log's
/// position (read-your-writes; here it already has), then query under the host's lock. Warm = the projections hold
/// every event and nothing changed since the previous answer (target: at most 50 ms each). Also measured: the cold
/// computations (first answer after the log grew).
/// </summary>
[MemoryDiagnoser]
public class AnalyticsBenchmarks
{
    private static readonly AnalyticsOptions Prices = new()
    {
        Prices =
        [
            new ModelPrice { Model = "claude-sonnet", InputPerMillion = 3, OutputPerMillion = 15 },
            new ModelPrice { Model = "claude-opus", InputPerMillion = 15, OutputPerMillion = 75 },
            new ModelPrice { Model = "gpt-4-turbo", InputPerMillion = 10, OutputPerMillion = 30 },
        ],
    };

    private static readonly PriceTable PriceTable = new(Prices);

    private string _directory = string.Empty;
    private ProjectionHost _host = null!;
    private PipelineFacts _facts = null!;
    private PipelineQueries _queries = null!;
    private RunRecordView _runs = null!;

    [GlobalSetup]
    public void Setup()
    {
        _directory = AnalyticsLog.Write();
        _facts = new PipelineFacts();
        _queries = new PipelineQueries(_facts);
        _runs = new RunRecordView(Prices);
        _host = new ProjectionHost([_facts, _runs]);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        _host.ReadAll(_directory);
        Console.WriteLine($"// cold replay: {_host.Applied} records in {clock.Elapsed.TotalMilliseconds:F0} ms; {_facts.Count} pipeline facts, {_runs.RunCount} runs");
        _queries.Summary(TimeScope.All);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _host.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(Description = "summary, warm (GET /api/v1/summary)")]
    public PipelineSummary SummaryWarm() => ReadCurrent(() => _queries.Summary(TimeScope.All));

    [Benchmark(Description = "scoreboard 7d, warm (GET /api/v1/metrics/scoreboard)")]
    public Scoreboard Scoreboard7d() =>
        ReadCurrent(() => _runs.Scoreboard("7d", TimeScope.Last(TimeSpan.FromDays(7), AnalyticsLog.Now)));

    [Benchmark(Description = "scoreboard all, warm")]
    public Scoreboard ScoreboardAll() => ReadCurrent(() => _runs.Scoreboard("all", TimeScope.All));

    [Benchmark(Description = "summary, cold computation over every fact")]
    public PipelineSummary SummaryCold() => SummaryComputation.Compute(_facts, TimeScope.All);

    [Benchmark(Description = "agent metrics all, cold computation")]
    public AgentMetrics AgentMetricsCold() => AgentMetricsComputation.Compute(_facts, TimeScope.All, PriceTable);

    // As an endpoint reads: wait for the position the log had when the query began, then query under the lock.
    private T ReadCurrent<T>(Func<T> query)
    {
        _host.WaitForAsync(_host.Applied, TimeSpan.FromSeconds(2)).GetAwaiter().GetResult();
        return _host.Read(query);
    }
}
