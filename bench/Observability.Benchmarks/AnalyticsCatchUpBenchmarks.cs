using BenchmarkDotNet.Attributes;
using Observability.Analytics;
using Observability.Analytics.Pipeline;
using Observability.Analytics.Runs;

namespace Observability.Benchmarks;

/// <summary>
/// The analytics' cold start: a new <see cref="AnalyticsFeed"/> reading the whole 1,000,000-event log
/// (<see cref="AnalyticsLog"/>) into the summary facts and the run records, as the sidecar does after a restart.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 0, iterationCount: 3, invocationCount: 1)]
public class AnalyticsCatchUpBenchmarks
{
    private string _directory = string.Empty;

    [GlobalSetup]
    public void Setup() => _directory = AnalyticsLog.Write();

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_directory, recursive: true);

    [Benchmark(Description = "analytics cold catch-up: 1,000,000 events into the summary facts and run records")]
    public int CatchUp()
    {
        var feed = new AnalyticsFeed(_directory, [new PipelineFacts(), new RunRecordView(new AnalyticsOptions())]);
        return feed.CatchUp();
    }
}
