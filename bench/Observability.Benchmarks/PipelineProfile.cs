using System.Diagnostics;
using System.Text;
using Observability.EventLog;
using Observability.Ingestion;
using Observability.Ingestion.Batches;
using Observability.Metrics;
using EventLogFile = Observability.EventLog.EventLog;

namespace Observability.Benchmarks;

/// <summary>
/// The <c>pipeline</c> mode: the ingestion writer and the sidecar's projection host in-process, without HTTP and
/// without fsync, one event per call or batches of 1,000, printing the CPU cost per event (the host applies on its own
/// thread, so the CPU figure covers both). Meant to run under <c>perf record</c> to see where the
/// time goes; the wrk comparison in ingest-vs-peers.sh is the benchmark of record.
/// </summary>
internal static class PipelineProfile
{
    public static async Task<int> RunAsync(int events, int batch)
    {
        var directory = EventLogPayloads.TempDirectory("pipeline-profile");
        try
        {
            var registry = new MetricRegistry(new MetricRegistryOptions { Namespace = "agentobs" });
            var pipeline = new IngestionWriter(registry);
            var host = SidecarReplayBenchmarks.SidecarHost(registry, pipeline);
            await using var closeHost = host.ConfigureAwait(false);
            await using var log = host.Open(new EventLogOptions { Directory = directory, Fsync = false });
            pipeline.Attach(log, host);
            var bodies = Enumerable.Range(0, events / batch).Select(b => Body(b, batch)).ToArray();
            var warm = Math.Min(bodies.Length / 10, 2000);
            var stopwatch = new Stopwatch();
            var cpu = TimeSpan.Zero;
            for (var i = 0; i < bodies.Length; i++)
            {
                if (i == warm)
                {
                    stopwatch.Start();
                    cpu = Process.GetCurrentProcess().TotalProcessorTime;
                }

                var items = batch == 1 ? BatchSplitter.SplitJson(bodies[i]) : BatchSplitter.SplitNdjson(bodies[i]);
                await pipeline.IngestAsync(items).ConfigureAwait(false);
            }

            var measured = (bodies.Length - warm) * batch;
            Console.WriteLine($"pipeline: {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds * 1e6 / measured:F0} ns CPU/event; {measured} events in batches of {batch}: {stopwatch.Elapsed.TotalMilliseconds * 1e6 / measured:F0} ns/event, {measured / stopwatch.Elapsed.TotalSeconds:F0} events/s");
            return 0;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>
    /// The <c>replay</c> mode: writes a log of <paramref name="events"/> events once (or uses the sidecar data directory's
    /// log in <paramref name="directory"/>, left as it is), then times full replays of it.
    /// </summary>
    public static int Replay(int events, int rounds, string? directory = null)
    {
        var benchmark = new SidecarReplayBenchmarks { Events = events, ExistingDirectory = directory };
        benchmark.Setup();
        try
        {
            for (var round = 0; round < rounds; round++)
            {
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                var gcs = GC.CollectionCount(0);
                var stopwatch = Stopwatch.StartNew();
                var stored = benchmark.Replay();
                var used = Process.GetCurrentProcess().TotalProcessorTime - cpu;
                Console.WriteLine(
                    $"replay: {stored} events in {stopwatch.Elapsed.TotalSeconds:F2} s, {used.TotalSeconds:F2} s CPU, {GC.CollectionCount(0) - gcs} gen0 GCs");
            }

            return 0;
        }
        finally
        {
            benchmark.Cleanup();
        }
    }

    private static byte[] Body(int b, int batch)
    {
        var text = new StringBuilder();
        for (var i = 0; i < batch; i++)
        {
            var n = (long)b * batch + i;
            text.Append(Encoding.UTF8.GetString(EventLogPayloads.Event(n))).Append('\n');
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }
}
