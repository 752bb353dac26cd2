using BenchmarkDotNet.Attributes;
using Observability.Analytics;
using Observability.Analytics.Pipeline;
using Observability.Analytics.Runs;
using Observability.Projections;

namespace Observability.Benchmarks;

/// <summary>
/// The analytics' cold start: a new <see cref="ProjectionHost"/> replaying the whole 1,000,000-event log
/// (<see cref="AnalyticsLog"/>) into the summary facts and the run records, as the sidecar does after a restart
/// without a snapshot.
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
    public long CatchUp()
    {
        var host = new ProjectionHost([new PipelineFacts(), new RunRecordView(new AnalyticsOptions())]);
        host.ReadAll(_directory);
        host.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return host.Applied;
    }
}
