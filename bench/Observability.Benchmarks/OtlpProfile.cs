using System.Diagnostics;
using System.Text;
using Observability.EventLog;
using Observability.Inbound;
using Observability.Ingestion;
using Observability.Ingestion.Batches;
using Observability.Metrics;
using Observability.Otlp;

namespace Observability.Benchmarks;

/// <summary>
/// The OTLP path's stages without HTTP or fsync, on the bench template with a unique session per batch: protobuf decode,
/// the source documents, the inbound rules' translation, and the ingestion of the events they make (validation, the
/// duplicate index, the log append and the sidecar's projections), beside the ingestion of the same number of native
/// NDJSON events in the same run. Each stage is charged CPU time (the thread's for the request's stages, the process's for
/// ingestion, whose projections apply on their own thread), so the figures (CPU per record, records per CPU-second) hold
/// on a machine shared with other work, where wall-clock rates do not.
/// </summary>
internal static class OtlpProfile
{
    public static async Task<int> RunAsync(int batches, int ingestRounds = 0, bool allocations = false)
    {
        using var sampler = allocations ? new AllocationSampler() : null;
        var path = Path.Combine(Path.GetTempPath(), $"otlp-profile-{Environment.ProcessId}.pb");
        OtlpTemplate.Write(path, 512);
        var template = File.ReadAllBytes(path);
        File.Delete(path);
        var mapping = InboundMapping.Load();
        var context = new OtlpContext();
        if (ingestRounds > 0)
        {
            return await IngestOnlyAsync(Translate(template, mapping, context, batches), ingestRounds).ConfigureAwait(false);
        }

        for (var round = 0; round < 3; round++)
        {
            var bodies = Enumerable.Range(0, batches).Select(b => Unique(template, round, b)).ToArray();
            var events = new List<BatchItem>[batches];
            TimeSpan decode = default, build = default, translate = default;
            long decodeBytes = 0, buildBytes = 0, translateBytes = 0;

            // Batch by batch, as the receiver does, so nothing outlives its request; the thread's own CPU time, read
            // to the nanosecond, charges each stage (a workstation GC's collections run on the allocating thread).
            for (var i = 0; i < batches; i++)
            {
                var allocated = GC.GetAllocatedBytesForCurrentThread();
                var started = ThreadCpu.Now();
                // As the receiver reads a protobuf body: in place, Google.Protobuf only for what the reader leaves to it.
                using var documents = Observability.Otlp.Wire.WireLogReader.TryRead(bodies[i], context)
                    ?? throw new InvalidOperationException("the template was left to Google.Protobuf");
                var decoded = ThreadCpu.Now();
                var decodedBytes = GC.GetAllocatedBytesForCurrentThread();
                var built = ThreadCpu.Now();
                var builtBytes = GC.GetAllocatedBytesForCurrentThread();
                events[i] = [];
                foreach (var document in documents.Items)
                {
                    foreach (var e in mapping.Translate(LogDocuments.Kind, document).Events)
                    {
                        events[i].Add(BatchItem.Written(events[i].Count, e.Json, e.Layout));
                    }
                }

                var translated = ThreadCpu.Now();
                translateBytes += GC.GetAllocatedBytesForCurrentThread() - builtBytes;
                buildBytes += builtBytes - decodedBytes;
                decodeBytes += decodedBytes - allocated;
                decode += decoded - started;
                build += built - decoded;
                translate += translated - built;
            }

            var made = events.Sum(e => e.Count);
            var ingest = await ChargeIngestAsync(events).ConfigureAwait(false);
            var readBack = await ChargeIngestAsync(ReadBack(events)).ConfigureAwait(false);
            var ndjson = await ChargeIngestAsync(NdjsonBatches(round, made, events[0].Count)).ConfigureAwait(false);
            var records = batches * 512.0;
            var all = decode + build + translate + ingest;
            Console.WriteLine(
                $"round {round + 1}: CPU per record: decode {Micro(decode, records)}, documents {Micro(build, records)}, translate {Micro(translate, records)} " +
                $"({made / records:F2} events/record), ingest {Micro(ingest, records)} (read back: {Micro(readBack, records)}); all {Micro(all, records)} = {records / all.TotalSeconds:N0} records per CPU-second " +
                $"({made / all.TotalSeconds:N0} events); NDJSON ingest {Micro(ndjson, made)} per event = {made / ndjson.TotalSeconds:N0} events per CPU-second; " +
                $"allocated per record: decode {decodeBytes / records:N0} B, documents {buildBytes / records:N0} B, translate {translateBytes / records:N0} B");
        }

        // The types allocated over all three rounds, by the request's stages and by ingestion alike.
        sampler?.Print(25);

        return 0;
    }

    // The ingest stage alone, repeated on the events of one translation beside as many NDJSON events: for perf record,
    // whose samples are then the ingestion's and the projections' only.
    private static async Task<int> IngestOnlyAsync(List<BatchItem>[] events, int rounds)
    {
        var made = events.Sum(e => e.Count);
        var records = events.Length * 512.0;
        var ndjsonBatches = NdjsonBatches(0, made, events[0].Count);
        for (var round = 0; round < rounds; round++)
        {
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            var ingest = await ChargeIngestAsync(events).ConfigureAwait(false);
            var between = GC.GetTotalAllocatedBytes(precise: true);
            var readBack = await ChargeIngestAsync(ReadBack(events)).ConfigureAwait(false);
            var beforeNdjson = GC.GetTotalAllocatedBytes(precise: true);
            var ndjson = await ChargeIngestAsync(ndjsonBatches).ConfigureAwait(false);
            var after = GC.GetTotalAllocatedBytes(precise: true);
            Console.WriteLine(
                $"ingest round {round + 1}: {Micro(ingest, records)} per record ({Micro(ingest, made)}, {(between - allocated) / made:F0} bytes allocated per event, " +
                $"{made / records:F2} events/record); read back: {Micro(readBack, records)} per record; " +
                $"NDJSON ingest {Micro(ndjson, made)}, {(after - beforeNdjson) / made:F0} bytes per event");
        }

        return 0;
    }

    private static List<BatchItem>[] Translate(byte[] template, InboundMapping mapping, OtlpContext context, int batches)
    {
        var events = new List<BatchItem>[batches];
        for (var i = 0; i < batches; i++)
        {
            var request = OtlpDecoder.DecodeLogs(Unique(template, 0, i), OtlpEncoding.Protobuf);
            using var documents = LogDocuments.Build(request, context);
            events[i] = [];
            foreach (var document in documents.Items)
            {
                foreach (var e in mapping.Translate(LogDocuments.Kind, document).Events)
                {
                    events[i].Add(BatchItem.Written(events[i].Count, e.Json, e.Layout));
                }
            }
        }

        return events;
    }

    // The same events without their layouts: ingestion reads each back from its bytes, as it did before layouts.
    private static List<BatchItem>[] ReadBack(List<BatchItem>[] events) =>
        [.. events.Select(batch => batch.Select(item => new BatchItem(item.Index, item.Json, null)).ToList())];

    private static async Task<TimeSpan> ChargeIngestAsync(IReadOnlyList<List<BatchItem>> batches)
    {
        var directory = EventLogPayloads.TempDirectory("otlp-profile");
        try
        {
            var registry = new MetricRegistry(new MetricRegistryOptions { Namespace = "agentobs" });
            var writer = new IngestionWriter(registry);
            var host = SidecarReplayBenchmarks.SidecarHost(registry, writer);
            await using var closeHost = host.ConfigureAwait(false);
            await using var log = host.Open(new EventLogOptions { Directory = directory, Fsync = false });
            writer.Attach(log, host);
            var started = Process.GetCurrentProcess().TotalProcessorTime;
            foreach (var batch in batches)
            {
                for (var start = 0; start < batch.Count; start += BatchResult.MaxListedItems)
                {
                    var result = await writer.IngestAsync(batch.GetRange(start, Math.Min(BatchResult.MaxListedItems, batch.Count - start))).ConfigureAwait(false);
                    if (result.Accepted != Math.Min(BatchResult.MaxListedItems, batch.Count - start))
                    {
                        throw new InvalidOperationException($"only {result.Accepted} events of a batch were stored");
                    }
                }
            }

            await host.WaitForAsync(log.Status.NextSequence, Timeout.InfiniteTimeSpan).ConfigureAwait(false);
            return Process.GetCurrentProcess().TotalProcessorTime - started;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static List<BatchItem>[] NdjsonBatches(int round, int events, int perBatch)
    {
        var batches = new List<List<BatchItem>>();
        for (var n = 0; n < events; n += perBatch)
        {
            var text = new StringBuilder();
            for (var i = n; i < Math.Min(events, n + perBatch); i++)
            {
                text.Append(Encoding.UTF8.GetString(EventLogPayloads.Event(((long)round * 10_000_000) + i))).Append('\n');
            }

            batches.Add(BatchSplitter.SplitNdjson(Encoding.UTF8.GetBytes(text.ToString())));
        }

        return [.. batches];
    }

    // The template's session id replaced by one of the same length unique to the batch, as bench/otlp-batch.lua does.
    private static byte[] Unique(byte[] template, int round, int batch)
    {
        var body = (byte[])template.Clone();
        var placeholder = Encoding.ASCII.GetBytes(OtlpTemplate.Placeholder);
        var id = Encoding.ASCII.GetBytes($"r{round:D2}b{batch:D8}".PadRight(placeholder.Length, 'x'));
        for (var at = body.AsSpan().IndexOf(placeholder); at >= 0;)
        {
            id.CopyTo(body, at);
            var next = body.AsSpan(at + 1).IndexOf(placeholder);
            at = next < 0 ? -1 : at + 1 + next;
        }

        return body;
    }

    private static string Micro(TimeSpan cpu, double count) => $"{cpu.TotalMicroseconds / count:F1} µs";
}
