using Microsoft.Extensions.Time.Testing;
using Observability.EventLog;
using Observability.Ingestion.Batches;
using Observability.Ingestion.Mapping;
using Observability.Metrics;
using Observability.Metrics.Exposition;
using Observability.Projections;
using EventLogFile = Observability.EventLog.EventLog;

namespace Observability.Ingestion.Tests;

public sealed class StateSnapshotTests : IDisposable
{
    // The pipeline's own counters describe this process's work (what it received, replayed, restored), not the events.
    private static readonly string[] SelfFamilies =
        ["agentobs_events_received_total", "agentobs_events_rejected_total", "agentobs_events_replayed_total", "agentobs_events_unreplayable_total", "agentobs_events_unprojected_total", "agentobs_state_snapshot_records", "agentobs_projection_"];

    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-11-21T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
    private readonly string _root = Directory.CreateTempSubdirectory("state-snapshot-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Restore_SnapshotPlusTail_EqualsAFullReplayOfTheLog()
    {
        var log = Path.Combine(_root, "events");
        var snapshot = Path.Combine(_root, "state.snapshot");
        var firstRegistry = await FillAsync(log, "a", snapshot);

        var second = Start(out _);
        await using (var open = OpenWith(second, log, snapshot, out var session))
        {
            Assert.Equal(8, session.RestoredRecords);
            Assert.Null(session.SnapshotProblem);
            await IngestAsync(second, Batch("b", open: false));
        }

        var fromSnapshot = Start(out var snapshotRegistry);
        await using (OpenWith(fromSnapshot, log, snapshot, out var session))
        {
            Assert.Equal(8, session.RestoredRecords);
            Assert.Equal(8.0, Support.Sample(snapshotRegistry, "agentobs_state_snapshot_records"));
            Assert.Equal(8.0, Support.Sample(snapshotRegistry, "agentobs_events_replayed_total"));
        }

        var fullReplay = Start(out var fullRegistry);
        await using (OpenWith(fullReplay, log, snapshotPath: null, out var session))
        {
            Assert.Equal(0, session.RestoredRecords);
        }

        Assert.Equal(Product(fullRegistry), Product(snapshotRegistry));
        Assert.Equal(fullReplay.StoredIds, fromSnapshot.StoredIds);
        Assert.Equal(16, fromSnapshot.StoredIds);
        Assert.Equal(fullReplay.DailySummary(Now), fromSnapshot.DailySummary(Now));
        // Outcomes a-2, a-3 (before the snapshot), b-1, b-2, b-3 (after it); a-2, b-1 and b-2 completed.
        Assert.Equal((3L, 5L), (fromSnapshot.DailySummary(Now).TasksCompleted, fromSnapshot.DailySummary(Now).Outcomes));
        Assert.NotEqual(Product(firstRegistry), Product(snapshotRegistry));
    }

    [Fact]
    public async Task Restore_Snapshot_KeepsEverySeriesCreationTime_AFullReplayStartsThemAnew()
    {
        var log = Path.Combine(_root, "events");
        var snapshot = Path.Combine(_root, "state.snapshot");
        await FillAsync(log, "a", snapshot, new FakeTimeProvider(Now));

        var restart = new FakeTimeProvider(Now.AddHours(2));
        var restored = Start(out var restoredRegistry, restart);
        await using (OpenWith(restored, log, snapshot, out var session))
        {
            Assert.Equal(8, session.RestoredRecords);
        }

        var replayed = Start(out var replayedRegistry, restart);
        await using (OpenWith(replayed, log, snapshotPath: null, out _))
        {
        }

        // The mapped families' _created lines (the writer's and the host's own counters are this process's and start anew).
        var restoredCreated = CreatedLines(restoredRegistry);
        Assert.Contains("agentobs_task_created{agent_type=\"impl\",task_type=\"spec\",success=\"true\"} 1795262400.000", restoredCreated);
        Assert.Contains("agentobs_merge_attempts_created{project=\"p1\"} 1795262400.000", restoredCreated);
        Assert.All(restoredCreated, line => Assert.EndsWith(" 1795262400.000", line, StringComparison.Ordinal));
        Assert.All(CreatedLines(replayedRegistry), line => Assert.EndsWith(" 1795269600.000", line, StringComparison.Ordinal));
        Assert.Equal(restoredCreated.Count, CreatedLines(replayedRegistry).Count);

        static List<string> CreatedLines(MetricRegistry registry) => [.. registry.CollectAsString(ExpositionFormat.OpenMetrics).Split('\n')
            .Where(l => !l.StartsWith('#') && l.Split('{', ' ')[0].EndsWith("_created", StringComparison.Ordinal) && !l.StartsWith("agentobs_events_", StringComparison.Ordinal)
                && !l.StartsWith("agentobs_projection_", StringComparison.Ordinal)
                && !l.StartsWith("agentobs_metric_series_folded", StringComparison.Ordinal))];
    }

    [Fact]
    public async Task Restore_EveryStoredIdAfterTheSnapshot_IsStillADuplicate()
    {
        var log = Path.Combine(_root, "events");
        var snapshot = Path.Combine(_root, "state.snapshot");
        await FillAsync(log, "a", snapshot);

        var restored = Start(out _);
        await using var reopened = OpenWith(restored, log, snapshot, out _);
        var again = await restored.IngestAsync(BatchSplitter.SplitNdjson(Support.Utf8(Batch("a", open: true))));
        Assert.Equal(8, again.Duplicates);
        Assert.Equal(0, again.Accepted);
    }

    [Fact]
    public async Task BeginReplay_SnapshotOfAnotherLog_ProjectsNothingAndAsksForAFullReplay()
    {
        var log = Path.Combine(_root, "events");
        var other = Path.Combine(_root, "other");
        var snapshot = Path.Combine(_root, "state.snapshot");
        await FillAsync(log, "a", snapshot);
        await FillAsync(other, "z", snapshotPath: null);

        await AssertAsksForAFullReplayAsync(other, snapshot);
    }

    [Fact]
    public async Task BeginReplay_LogMissingAnEarlierSegment_ProjectsNothingAndAsksForAFullReplay()
    {
        var log = Path.Combine(_root, "events");
        var snapshot = Path.Combine(_root, "state.snapshot");
        var pipeline = Start(out _);
        var open = pipeline.Open(new EventLogOptions { Directory = log, Fsync = false, SegmentMaxBytes = 1024 });
        foreach (var prefix in new[] { "a", "b", "c" })
        {
            await IngestAsync(pipeline, Batch(prefix, open: true));
        }

        await open.DisposeAsync();
        var next = open.Status.NextSequence;
        await pipeline.WriteSnapshotAsync(snapshot);
        var segments = Directory.GetFiles(log, "*.log").Order(StringComparer.Ordinal).ToArray();
        Assert.True(segments.Length >= 3, $"expected several segments, found {segments.Length}");

        // The last covered record is still there; the first segment's records are not.
        var lost = EventLogReader.Read(log).Count(r => r.Sequence < long.Parse(Path.GetFileNameWithoutExtension(segments[1]), System.Globalization.CultureInfo.InvariantCulture));
        File.Delete(segments[0]);
        await AssertAsksForAFullReplayAsync(log, snapshot, $"the event log holds {lost} fewer of the records it covers than when it was written (damaged or removed since)");
    }

    [Fact]
    public async Task BeginReplay_RecordCoveredBySnapshotDamagedSince_ReplaysTheLogAsItIsAndTheNextSnapshotIsRestored()
    {
        // The state a snapshot holds includes a record the log can no longer read: the start replays instead, so the
        // state is what the log holds (as any later full replay would make it), and the lost event is new again.
        var log = Path.Combine(_root, "events");
        var snapshot = Path.Combine(_root, "state.snapshot");
        await WriteSegmentsAsync(log, snapshot);
        var first = Directory.GetFiles(log, "*.log").Order(StringComparer.Ordinal).First();
        var bytes = await File.ReadAllBytesAsync(first);
        var second = Array.IndexOf(bytes, (byte)'\n') + 1;
        bytes[second + 30] ^= 1;
        await File.WriteAllBytesAsync(first, bytes);

        await AssertAsksForAFullReplayAsync(log, snapshot, "the event log holds 1 fewer of the records it covers than when it was written (damaged or removed since)");

        var replayed = Start(out var replayedRegistry);
        long next;
        await using (var open = OpenWith(replayed, log, snapshotPath: null, out _))
        {
            Assert.Equal(23, replayed.StoredIds);
            var again = await replayed.IngestAsync(BatchSplitter.SplitNdjson(Support.Utf8(Batch("a", open: true))));
            Assert.Equal((1, 7), (again.Accepted, again.Duplicates));
            await open.DisposeAsync();
            next = open.Status.NextSequence;
            Assert.Equal((25L, 24L), (next, open.Status.RecordCount));
            await replayed.WriteSnapshotAsync(snapshot);
        }

        // The damage is still in the log, and the snapshot knows it: restored, not replayed again.
        var restored = Start(out var restoredRegistry);
        await using (OpenWith(restored, log, snapshot, out var session))
        {
            Assert.Null(session.SnapshotProblem);
            Assert.False(session.NeedsFullReplay);
            Assert.Equal(next, session.RestoredRecords);
            Assert.Equal(24, restored.StoredIds);
        }

        Assert.Equal(Product(replayedRegistry), Product(restoredRegistry));
        var fullReplay = Start(out var fullRegistry);
        await using (OpenWith(fullReplay, log, snapshotPath: null, out _))
        {
            Assert.Equal(Product(fullRegistry), Product(restoredRegistry));
        }
    }

    [Fact]
    public async Task BeginReplay_SegmentMissingBeforeTheSnapshotWasWritten_IsRestoredEveryStart()
    {
        var log = Path.Combine(_root, "events");
        var snapshot = Path.Combine(_root, "state.snapshot");
        await WriteSegmentsAsync(log, snapshotPath: null);
        var segments = Directory.GetFiles(log, "*.log").Order(StringComparer.Ordinal).ToArray();
        File.Delete(segments[1]);
        var pipeline = Start(out var registry);
        await using (var open = OpenWith(pipeline, log, snapshotPath: null, out _))
        {
            await open.DisposeAsync();
            var next = open.Status.NextSequence;
            Assert.True(open.Status.MissingRecords > 0);
            await pipeline.WriteSnapshotAsync(snapshot);
        }

        for (var start = 0; start < 2; start++)
        {
            var restored = Start(out var restoredRegistry);
            await using (OpenWith(restored, log, snapshot, out var session))
            {
                Assert.Null(session.SnapshotProblem);
                Assert.Equal(24, session.RestoredRecords);
            }

            Assert.Equal(Product(registry), Product(restoredRegistry));
        }
    }

    [Theory]
    [InlineData("damaged", "its checksum does not match")]
    [InlineData("truncated", "its checksum does not match")]
    [InlineData("not a snapshot", "not a state snapshot")]
    public async Task BeginReplay_UnusableSnapshotFile_IsIgnoredWithTheReason(string damage, string reason)
    {
        var log = Path.Combine(_root, "events");
        var snapshot = Path.Combine(_root, "state.snapshot");
        await FillAsync(log, "a", snapshot);

        var bytes = await File.ReadAllBytesAsync(snapshot);
        bytes = damage switch
        {
            "damaged" => [.. bytes[..100], (byte)(bytes[100] ^ 1), .. bytes[101..]],
            "truncated" => bytes[..^10],
            _ => "hello"u8.ToArray(),
        };
        await File.WriteAllBytesAsync(snapshot, bytes);

        var restored = Start(out _);
        await using (OpenWith(restored, log, snapshot, out var session))
        {
            Assert.Contains(reason, session.SnapshotProblem, StringComparison.Ordinal);
            Assert.False(session.NeedsFullReplay);
            Assert.Equal(0, session.RestoredRecords);
            Assert.Equal(8, restored.StoredIds);
        }
    }

    [Fact]
    public async Task Complete_SnapshotThatPassesItsChecksButCannotBeRead_ThrowsStateSnapshotException()
    {
        var log = Path.Combine(_root, "events");
        var snapshot = Path.Combine(_root, "state.snapshot");
        await FillAsync(log, "a", snapshot);

        // The state cut short and sealed again with a matching checksum: the restore fails part-way through.
        var bytes = await File.ReadAllBytesAsync(snapshot);
        var state = bytes[..^(32 + 200)];
        await File.WriteAllBytesAsync(snapshot, [.. state, .. System.Security.Cryptography.SHA256.HashData(state)]);
        var restored = Start(out _);
        var error = Assert.Throws<StateSnapshotException>(() => restored.Open(Options(log), snapshot, out _));
        Assert.IsType<EndOfStreamException>(error.InnerException);

        // The log was closed again: it opens.
        await using var again = Start(out _).Open(Options(log));
    }

    [Fact]
    public async Task BeginReplay_SnapshotUnderAnotherMapping_IsIgnored()
    {
        var log = Path.Combine(_root, "events");
        var snapshot = Path.Combine(_root, "state.snapshot");
        await FillAsync(log, "a", snapshot);

        // Another namespace: the same events derive differently named series.
        var registry = new MetricRegistry(new MetricRegistryOptions { Namespace = "opencode" });
        var other = new Pipeline(registry, MetricMapping.Load(registry, []));
        await using (OpenWith(other, log, snapshot, out var session))
        {
            Assert.Contains("another mapping, other metric settings or another build", session.SnapshotProblem, StringComparison.Ordinal);
            Assert.Equal(0, session.RestoredRecords);
            Assert.Equal(8, other.StoredIds);
        }
    }

    // A snapshot whose records the log no longer holds: nothing restored, nothing of the first pass projected, the whole
    // log replayed once instead (each record counted once, not the covered ones twice).
    private static async Task AssertAsksForAFullReplayAsync(string log, string snapshot, string problem = "does not hold the records it covers")
    {
        var fresh = Start(out var registry);
        await using (var open = OpenWith(fresh, log, snapshot, out var session))
        {
            Assert.True(session.NeedsFullReplay);
            Assert.Contains(problem, session.SnapshotProblem, StringComparison.Ordinal);
            Assert.Equal(0, session.RestoredRecords);
            Assert.Equal(open.Status.RecordCount, Support.Sample(registry, "agentobs_events_replayed_total"));
            Assert.Equal(0.0, Support.Sample(registry, "agentobs_state_snapshot_records") ?? 0);
        }
    }

    private static Pipeline Start(out MetricRegistry registry, TimeProvider? time = null)
    {
        registry = new MetricRegistry(new MetricRegistryOptions { Namespace = "agentobs", TimeProvider = time ?? TimeProvider.System });
        return new Pipeline(registry, MetricMapping.Load(registry, []));
    }

    // A first run on an empty log: ingests one batch, closes the log and, given a path, writes the snapshot there.
    private static async Task<MetricRegistry> FillAsync(string log, string prefix, string? snapshotPath, TimeProvider? time = null)
    {
        var pipeline = Start(out var registry, time);
        pipeline.Open(Options(log), snapshotPath, out _);
        try
        {
            await IngestAsync(pipeline, Batch(prefix, open: true));
        }
        finally
        {
            await pipeline.CloseAsync();
        }

        return registry;
    }

    private static EventLogOptions Options(string directory) => new() { Directory = directory, Fsync = false, SegmentMaxBytes = 1024 };

    // Three batches over several segments (8 records each, 24 in all), and a snapshot of them if a path is given.
    private static async Task WriteSegmentsAsync(string log, string? snapshotPath)
    {
        var pipeline = Start(out _);
        pipeline.Open(Options(log), snapshotPath, out _);
        foreach (var prefix in new[] { "a", "b", "c" })
        {
            await IngestAsync(pipeline, Batch(prefix, open: true));
        }

        await pipeline.CloseAsync();
        Assert.True(Directory.GetFiles(log, "*.log").Length >= 3, "the test needs several segments");
    }

    private static EventLogFile OpenWith(Pipeline pipeline, string log, string? snapshotPath, out Pipeline.ReplayRecorder session) =>
        pipeline.Open(Options(log), snapshotPath, out session);

    private static async Task IngestAsync(Pipeline pipeline, string ndjson)
    {
        var result = await pipeline.IngestAsync(BatchSplitter.SplitNdjson(Support.Utf8(ndjson)));
        Assert.Equal(8, result.Accepted);
    }

    // Eight events touching every kind of derived state: counters, histograms, gauges, success windows, merges,
    // tokens, the daily summary, and a task started in one batch and completed in the next.
    private static string Batch(string prefix, bool open) => string.Join('\n',
        Support.Task($"{prefix}-1", open ? "task:started" : "task:completed", open ? "2026-11-21T10:00:00Z" : "2026-11-21T10:30:00Z", entity: "T-open",
            metadata: """{"taskType":"spec","stage":"build"}"""),
        Support.Task($"{prefix}-2", "task:completed", "2026-11-21T11:00:00Z", entity: $"T-{prefix}-2", metadata: """{"taskType":"spec","stage":"build","durationSeconds":42.5}"""),
        Support.Task($"{prefix}-3", "task:failed", "2026-11-21T11:01:00Z", entity: $"T-{prefix}-3", metadata: """{"taskType":"review","failureType":"test"}"""),
        Support.Task($"{prefix}-4", "lint:reported", "2026-11-21T11:02:00Z", entity: "repo", metadata: """{"severity":"error","count":3}"""),
        Support.Task($"{prefix}-5", "coverage:reported", "2026-11-21T11:03:00Z", entity: "repo", metadata: $$"""{"percent":{{(open ? 61.5 : 70.25)}}}"""),
        Support.Task($"{prefix}-6", "workitem:merged", "2026-11-21T11:04:00Z", entity: $"W-{prefix}", metadata: """{"attempts":2,"project":"p1"}"""),
        Support.Task($"{prefix}-7", "human:intervention", "2026-11-21T11:05:00Z", entity: "T-x", metadata: """{"reason":"stuck"}"""),
        Support.Task($"{prefix}-8", "llm:call", "2026-11-21T11:06:00Z", entity: "call", metadata: """{"costUsd":0.25}"""));

    private static string Product(MetricRegistry registry) => string.Join('\n', registry.CollectAsString(ExpositionFormat.PrometheusText)
        .Split('\n')
        .Where(line => !SelfFamilies.Any(f => line.StartsWith(f, StringComparison.Ordinal) || line.Contains(" " + f + " ", StringComparison.Ordinal))));
}
