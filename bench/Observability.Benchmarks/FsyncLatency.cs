using System.Diagnostics;
using System.Globalization;
using Observability.EventLog;
using EventLogFile = Observability.EventLog.EventLog;

namespace Observability.Benchmarks;

/// <summary>
/// The <c>fsync</c> mode: concurrent appenders, each awaiting its own durable append, for a fixed time; prints the
/// group commits' fsync latency as the log's own observer sees it (what <c>agentobs_event_log_fsync_duration_seconds</c>
/// records) and the throughput. A few seconds are enough, unlike the BenchmarkDotNet job.
/// </summary>
internal static class FsyncLatency
{
    public static async Task<int> RunAsync(int seconds, int appenders)
    {
        var directory = EventLogPayloads.TempDirectory("fsync");
        var observer = new Durations();
        var load = File.ReadAllText("/proc/loadavg").Split(' ')[0];
        try
        {
            var log = EventLogFile.Open(new EventLogOptions { Directory = directory, Fsync = true }, observer: observer);
            await using (log.ConfigureAwait(false))
            {
                var payloads = Enumerable.Range(0, 4096).Select(i => EventLogPayloads.Event(i)).ToArray();
                using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
                var stopwatch = Stopwatch.StartNew();
                await Task.WhenAll(Enumerable.Range(0, appenders).Select(a => Task.Run(async () =>
                {
                    for (var i = a; !stop.IsCancellationRequested; i += appenders)
                    {
                        await log.AppendAsync(payloads[i % payloads.Length]).ConfigureAwait(false);
                    }
                }))).ConfigureAwait(false);
                stopwatch.Stop();

                var (fsync, write, records) = observer.Take();
                fsync.Sort();
                write.Sort();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"fsync: {appenders} appenders, {stopwatch.Elapsed.TotalSeconds:F1} s, load {load} at start: {records / stopwatch.Elapsed.TotalSeconds:F0} records/s, {fsync.Count} group commits, {(double)records / fsync.Count:F1} records per fsync"));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"fsync µs: mean {fsync.Average():F0}, p50 {Percentile(fsync, 0.50):F0}, p90 {Percentile(fsync, 0.90):F0}, p99 {Percentile(fsync, 0.99):F0}, max {fsync[^1]:F0}; write µs: mean {write.Average():F0}, p99 {Percentile(write, 0.99):F0}"));
            }

            return 0;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static double Percentile(List<double> sorted, double rank) =>
        sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(rank * sorted.Count) - 1)];

    /// <summary>Every group commit's durations, in microseconds; called from the writer loop only.</summary>
    private sealed class Durations : IEventLogObserver
    {
        private readonly Lock _lock = new();
        private List<double> _fsync = [];
        private List<double> _write = [];
        private long _records;

        public (List<double> Fsync, List<double> Write, long Records) Take()
        {
            lock (_lock)
            {
                var taken = (_fsync, _write, _records);
                (_fsync, _write, _records) = ([], [], 0);
                return taken;
            }
        }

        public void OnAppended(int records, long bytes, TimeSpan writeDuration, TimeSpan fsyncDuration)
        {
            lock (_lock)
            {
                _fsync.Add(fsyncDuration.TotalMicroseconds);
                _write.Add(writeDuration.TotalMicroseconds);
                _records += records;
            }
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
