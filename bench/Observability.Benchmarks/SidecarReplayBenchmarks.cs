using BenchmarkDotNet.Attributes;
using Observability.EventLog;
using Observability.Ingestion;
using Observability.Ingestion.Mapping;
using Observability.Metrics;
using EventLogFile = Observability.EventLog.EventLog;

namespace Observability.Benchmarks;

/// <summary>
/// The sidecar's start-up replay end to end: read and check every record of a 1,000,000-event log,
/// parse and validate each event, rebuild the duplicate index and project it into metrics through the
/// default mapping (target: at most 3 s).
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

    [Benchmark(Description = "sidecar replay: 1,000,000 events through validation, idempotency index and mapping")]
    public long Replay()
    {
        var registry = new MetricRegistry(new MetricRegistryOptions { Namespace = "agentobs" });
        var pipeline = new IngestionPipeline(registry, MetricMapping.Load(registry, []));
        using var replay = pipeline.BeginReplay();
        var log = EventLogFile.Open(new EventLogOptions { Directory = _directory, Fsync = false }, replay.Handler);
        replay.Complete();
        log.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return pipeline.StoredIds;
    }
}
