using BenchmarkDotNet.Attributes;
using Observability.Analytics;
using Observability.Analytics.Pipeline;
using Observability.Analytics.Runs;
using Observability.Analytics.Windows;
using Observability.EventLog;
using Observability.Ingestion;
using Observability.Ingestion.Mapping;
using Observability.Ingestion.Projection;
using Observability.Metrics;
using Observability.Projections;
using EventLogFile = Observability.EventLog.EventLog;

namespace Observability.Benchmarks;

/// <summary>
/// The sidecar's start-up replay end to end: read and check every record of a 1,000,000-event log, read each event
/// once, rebuild the duplicate index and apply it to every projection the sidecar's host has (the metrics through the
/// default mapping, task outcomes, pipeline facts, run records, merge windows, stored crossings), with no snapshot
/// (target: at most 3 s).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 3, invocationCount: 1)]
public class SidecarReplayBenchmarks
{
    /// <summary>Events in the log (1,000,000 in the benchmark of record).</summary>
    public int Events { get; set; } = 1_000_000;
    private string _directory = string.Empty;

    /// <summary>An existing event log directory to replay instead of a generated one; not deleted (opening it recovers a torn tail, as the sidecar would).</summary>
    public string? ExistingDirectory { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        if (ExistingDirectory is not null)
        {
            _directory = ExistingDirectory;
            return;
        }

        _directory = EventLogPayloads.TempDirectory("sidecar-replay");
        var log = EventLogFile.Open(new EventLogOptions { Directory = _directory, Fsync = false });
        const int batch = 10_000;
        for (var start = 0; start < Events; start += batch)
        {
            var payloads = new ReadOnlyMemory<byte>[batch];
            for (var i = 0; i < batch; i++)
            {
                payloads[i] = EventLogPayloads.Event(start + i);
            }

            log.AppendBatchAsync(payloads).AsTask().GetAwaiter().GetResult();
        }

        log.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        if (ExistingDirectory is null)
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Benchmark(Description = "sidecar replay: 1,000,000 events through the one reader, the idempotency index and every projection")]
    public long Replay()
    {
        var registry = new MetricRegistry(new MetricRegistryOptions { Namespace = "agentobs" });
        var writer = new IngestionWriter(registry);
        var host = SidecarHost(registry, writer);
        var log = host.Open(new EventLogOptions { Directory = _directory, Fsync = false });
        log.DisposeAsync().AsTask().GetAwaiter().GetResult();
        host.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return writer.StoredIds;
    }

    /// <summary>The projections the sidecar's host has, in its order, with the writer's duplicate index and no snapshot.</summary>
    internal static ProjectionHost SidecarHost(MetricRegistry registry, IngestionWriter writer)
    {
        var mapping = MetricMapping.Load(registry, []);
        var analytics = new AnalyticsOptions();
        return new ProjectionHost(
            [
                new MetricsProjection(mapping, registry),
                new TaskOutcomesProjection(mapping.Family("ai_success_rate") as GaugeFamily),
                new PipelineFacts(),
                new RunRecordView(analytics),
                new MergeWindowsView(new WindowsOptions()),
                new StoredCrossingsView(),
            ],
            new ProjectionHostOptions { Duplicates = writer.Duplicates });
    }
}
