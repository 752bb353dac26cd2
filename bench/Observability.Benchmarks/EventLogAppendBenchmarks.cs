using BenchmarkDotNet.Attributes;
using Observability.EventLog;
using EventLogFile = Observability.EventLog.EventLog;

namespace Observability.Benchmarks;

/// <summary>
/// Durable append throughput with fsync on: concurrent appenders each await their own append, and the writer loop
/// group-commits whatever is queued. Time is per record, so records/s = 1 / Mean; the setup prints records per fsync.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 5)]
public class EventLogAppendBenchmarks
{
    private const int RecordsPerInvoke = 2048;

    private readonly GroupCounter _groups = new();
    private string _directory = null!;
    private EventLogFile _log = null!;
    private byte[][] _payloads = null!;

    [Params(1, 16, 64)]
    public int Appenders { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _directory = EventLogPayloads.TempDirectory("append");
        _log = EventLogFile.Open(new EventLogOptions { Directory = _directory, Fsync = true }, observer: _groups);
        _payloads = Enumerable.Range(0, RecordsPerInvoke).Select(i => EventLogPayloads.Event(i)).ToArray();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _log.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Console.WriteLine(
            $"// appenders={Appenders}: {_groups.Records:N0} records in {_groups.Groups:N0} group commits, {(double)_groups.Records / _groups.Groups:F1} records per fsync");
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(Description = "durable append (fsync, group commit)", OperationsPerInvoke = RecordsPerInvoke)]
    public Task Append()
    {
        var each = RecordsPerInvoke / Appenders;
        return Task.WhenAll(Enumerable.Range(0, Appenders).Select(a => Task.Run(async () =>
        {
            for (var i = 0; i < each; i++)
            {
                await _log.AppendAsync(_payloads[a * each + i]).ConfigureAwait(false);
            }
        })));
    }

    private sealed class GroupCounter : IEventLogObserver
    {
        private long _groups;
        private long _records;

        public long Groups => Interlocked.Read(ref _groups);

        public long Records => Interlocked.Read(ref _records);

        public void OnAppended(int records, long bytes, TimeSpan writeDuration, TimeSpan fsyncDuration)
        {
            Interlocked.Increment(ref _groups);
            Interlocked.Add(ref _records, records);
        }

        public void OnRecovered(string segmentPath, long offset, long droppedBytes, string reason)
        {
        }

        public void OnWriteFailed(Exception exception)
        {
        }

        public void OnSegmentCreated(string segmentPath)
        {
        }
    }
}
