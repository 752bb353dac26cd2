using System.Text;
using Observability.EventLog;
using Observability.Events;
using EventLogFile = Observability.EventLog.EventLog;

namespace Observability.Projections.Tests;

/// <summary>
/// The host applies each record once, in log order, from the files (start-up, the CLI) and live; a query that waits
/// for the log's position sees every record before it. (These are the tests of the analytics' file-polling feed the
/// host replaced, moved to the type that now does its job.)
/// </summary>
public sealed class ProjectionHostTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("projection-host-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Enqueue_LogGrowsAfterStartUp_AppliesOnlyNewRecordsInOrder()
    {
        var view = new RecordingProjection();
        await using var host = new ProjectionHost([view]);
        await using (var log = EventLogFile.Open(Options()))
        {
            await log.AppendAsync(Event("a", "task:started"));
            await log.AppendAsync(Event("b", "task:completed"));
        }

        await using (var log = host.Open(Options()))
        {
            Assert.Equal(2, host.Applied);
            var c = Event("c", "chain:created");
            var sequence = await log.AppendAsync(c);
            host.Enqueue(Batch(sequence, c));
            Assert.True(await host.WaitForAsync(3, TimeSpan.FromSeconds(30)));
        }

        Assert.Equal(["0:a:task:started", "1:b:task:completed", "2:c:chain:created"], host.Read(() => view.Seen.ToArray()));
        Assert.Equal(3, host.Applied);
    }

    [Fact]
    public async Task ReadAll_RecordWithoutEnvelope_IsSkippedAndCounted()
    {
        await using (var log = EventLogFile.Open(Options()))
        {
            await log.AppendAsync(Encoding.UTF8.GetBytes("""{"id":"x"}"""));
            await log.AppendAsync(Event("d", "task:failed"));
        }

        var view = new RecordingProjection();
        var observer = new CountingObserver();
        await using var host = new ProjectionHost([view], new ProjectionHostOptions { Observer = observer });
        host.ReadAll(_directory);

        Assert.Equal(["1:d:task:failed"], view.Seen);
        Assert.Equal(1, observer.Unreadable);
        Assert.Equal(2, host.Applied);
    }

    [Fact]
    public async Task ReadAll_NoLogDirectoryYet_ReadsNothing()
    {
        var view = new RecordingProjection();
        await using var host = new ProjectionHost([view]);
        host.ReadAll(Path.Combine(_directory, "missing"));

        Assert.Empty(view.Seen);
        Assert.Equal(0, host.Applied);
    }

    [Fact]
    public async Task WaitForAsync_LogAcknowledgedNewRecords_QueryAfterTheWaitSeesThem()
    {
        var view = new RecordingProjection { Gate = new ManualResetEventSlim(false) };
        await using var host = new ProjectionHost([view]);
        await using var log = host.Open(Options());
        var a = Event("a", "chain:created");
        host.Enqueue(Batch(await log.AppendAsync(a), a));
        var wait = host.WaitForAsync(log.Status.NextSequence, TimeSpan.FromSeconds(30));

        // The host's thread holds the event: the query waits rather than answer without it.
        await Task.Delay(100);
        Assert.False(wait.IsCompleted);
        view.Gate.Set();
        Assert.True(await wait);
        Assert.Single(host.Read(() => view.Seen.ToArray()));

        var b = Event("b", "chain:created");
        var c = Event("c", "chain:created");
        var first = await log.AppendAsync(b);
        await log.AppendAsync(c);
        host.Enqueue(Batch(first, b, c));
        Assert.True(await host.WaitForAsync(log.Status.NextSequence, TimeSpan.FromSeconds(30)));
        Assert.Equal(3, host.Read(() => view.Seen.Count));
    }

    [Fact]
    public async Task WaitForAsync_HostNeverGetsThere_AnswersFalseAfterTheTimeoutAndReportsIt()
    {
        var observer = new CountingObserver();
        await using var host = new ProjectionHost([new RecordingProjection()], new ProjectionHostOptions { Observer = observer });
        await using var log = host.Open(Options());

        Assert.False(await host.WaitForAsync(5, TimeSpan.FromMilliseconds(50)));
        Assert.Equal(1, observer.TimedOut);
    }

    private EventLogOptions Options() => new() { Directory = _directory, Fsync = false };

    private static EventBatch Batch(long firstSequence, params byte[][] payloads)
    {
        var events = payloads.Select((p, i) => StoredEventReader.TryRead(p, firstSequence + i, out var e) ? e : throw new InvalidOperationException("not an event")).ToArray();
        return new EventBatch(events, events.Length, null) { FirstSequence = firstSequence };
    }

    private static byte[] Event(string id, string type) => Encoding.UTF8.GetBytes(
        $$$"""{"id":"{{{id}}}","timestamp":"2026-01-01T00:00:00Z","eventType":"{{{type}}}","entityId":"E-{{{id}}}","agent":{"model":"m","tokens":{"input":3,"output":4}},"metadata":{"k":1}}""");

    private sealed class RecordingProjection : IProjection
    {
        public List<string> Seen { get; } = [];

        public ManualResetEventSlim? Gate { get; init; }

        public string Name => "recording";

        public int Version => 1;

        public string Settings => string.Empty;

        public void Apply(in StoredEvent e)
        {
            Gate?.Wait(TimeSpan.FromSeconds(30));
            Assert.Equal("m", e.Model);
            Assert.Equal(3, e.TokensInput);
            Assert.Equal(1, e.Metadata.Number("k"u8));
            Seen.Add($"{e.Sequence}:{e.Id}:{e.EventType}");
        }

        public void WriteState(BinaryWriter writer)
        {
            writer.Write(Seen.Count);
            foreach (var s in Seen)
            {
                writer.Write(s);
            }
        }

        public void ReadState(BinaryReader reader)
        {
            var count = reader.ReadInt32();
            for (var i = 0; i < count; i++)
            {
                Seen.Add(reader.ReadString());
            }
        }
    }

    private sealed class CountingObserver : IProjectionObserver
    {
        public long Unreadable { get; private set; }

        public int TimedOut { get; private set; }

        public void OnReplayed(int events, long unreadable) => Unreadable += unreadable;

        public void OnRestored(long records, string path)
        {
        }

        public void OnSnapshotUnused(string path, string reason)
        {
        }

        public void OnSnapshotWritten(string path, long records, long bytes, TimeSpan elapsed)
        {
        }

        public void OnSnapshotFailed(string path, Exception exception)
        {
        }

        public void OnUnprojected(string projection, long sequence, Exception exception)
        {
        }

        public void OnApplied(long position, int events, TimeSpan elapsed)
        {
        }

        public void OnReadTimedOut(long wanted, long applied) => TimedOut++;
    }
}
