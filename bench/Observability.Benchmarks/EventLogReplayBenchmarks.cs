using BenchmarkDotNet.Attributes;
using Observability.EventLog;
using EventLogFile = Observability.EventLog.EventLog;

namespace Observability.Benchmarks;

/// <summary>
/// Start-up replay of a 1,000,000-event log (the budget is 3 s): <see cref="EventLogFile.Open"/> scans and
/// checks every record and hands each payload to a handler that only counts bytes. The log is written once, so the
/// file is in the page cache: this measures the scan, not the disk.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class EventLogReplayBenchmarks
{
    private const int Records = 1_000_000;
    private const int BatchSize = 1000;

    private string _directory = null!;

    [GlobalSetup]
    public void Setup()
    {
        _directory = EventLogPayloads.TempDirectory("replay");
        var log = EventLogFile.Open(new EventLogOptions { Directory = _directory, Fsync = false });
        var batch = new ReadOnlyMemory<byte>[BatchSize];
        for (var first = 0; first < Records; first += BatchSize)
        {
            for (var i = 0; i < BatchSize; i++)
            {
                batch[i] = EventLogPayloads.Event(first + i);
            }

            log.AppendBatchAsync(batch).AsTask().GetAwaiter().GetResult();
        }

        var status = log.Status;
        log.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Console.WriteLine($"// event log: {status.RecordCount:N0} records, {status.Bytes:N0} bytes in {status.Segments} segments");
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_directory, recursive: true);

    [Benchmark(Description = "replay 1,000,000 events: Open + handler")]
    public long Replay()
    {
        long bytes = 0;
        var log = EventLogFile.Open(new EventLogOptions { Directory = _directory }, (_, payload) => bytes += payload.Length);
        log.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return bytes;
    }
}
