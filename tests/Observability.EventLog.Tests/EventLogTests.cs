using System.Text;
using Microsoft.Extensions.Time.Testing;
using Observability.EventLog.Tests.Support;

namespace Observability.EventLog.Tests;

public sealed class EventLogTests
{
    [Fact]
    public async Task Append_ThenReopen_ReplaysEveryPayloadInOrderWithItsSequence()
    {
        using var dir = new TempDirectory();
        var log = EventLog.Open(dir.Options());
        await using (log)
        {
            for (var i = 0; i < 100; i++)
            {
                Assert.Equal(i, await log.AppendAsync(Payloads.Event(i)));
            }
        }

        var (records, status) = await Payloads.ReplayAsync(dir.Options());

        Assert.Equal(Enumerable.Range(0, 100).Select(i => ((long)i, Payloads.Text(Payloads.Event(i)))), records);
        Assert.Equal(new EventLogStatus(100, 100, new FileInfo(dir.Segments()[0]).Length, 1, 0, 0, status.ReplayDuration, true, null), status);
    }

    [Fact]
    public async Task Reopen_ExistingRecords_ContinuesSequenceNumberingAfterThem()
    {
        using var dir = new TempDirectory();
        await using (var first = EventLog.Open(dir.Options()))
        {
            for (var i = 0; i < 3; i++)
            {
                await first.AppendAsync(Payloads.Event(i));
            }
        }

        await using (var second = EventLog.Open(dir.Options()))
        {
            Assert.Equal(3, second.Status.NextSequence);
            Assert.Equal(3, await second.AppendAsync(Payloads.Event(3)));
            Assert.Equal(4, await second.AppendBatchAsync([Payloads.Event(4), Payloads.Event(5)]));
        }

        var (records, status) = await Payloads.ReplayAsync(dir.Options());
        Assert.Equal(Enumerable.Range(0, 6).Select(i => ((long)i, Payloads.Text(Payloads.Event(i)))), records);
        Assert.Equal(6, status.RecordCount);
        Assert.Single(dir.Segments());
    }

    [Fact]
    public async Task Open_EmptyDirectory_CreatesFirstSegmentAndReportsIt()
    {
        using var dir = new TempDirectory();
        var observer = new RecordingObserver();

        await using (var log = EventLog.Open(dir.Options(), observer: observer))
        {
            Assert.Equal(new EventLogStatus(0, 0, 0, 1, 0, 0, log.Status.ReplayDuration, true, null), log.Status);
        }

        var segment = Path.Combine(dir.Path, "00000000000000000000.log");
        Assert.Equal([segment], dir.Segments());
        Assert.Equal([segment], observer.SegmentsCreated);
    }

    [Fact]
    public async Task Open_MissingDirectory_CreatesIt()
    {
        using var dir = new TempDirectory();
        var nested = Path.Combine(dir.Path, "a", "b");

        await using (var log = EventLog.Open(new EventLogOptions { Directory = nested }))
        {
            await log.AppendAsync(Payloads.Event(0));
        }

        Assert.Single(EventLogReader.Read(nested));
    }

    [Fact]
    public async Task Append_SegmentFull_RollsToSegmentNamedByNextSequenceAndReplaysAcrossSegments()
    {
        using var dir = new TempDirectory();
        var observer = new RecordingObserver();
        var options = dir.Options(segmentMaxBytes: 1024);
        await using (var log = EventLog.Open(options, observer: observer))
        {
            for (var i = 0; i < 60; i++)
            {
                Assert.Equal(i, await log.AppendAsync(Payloads.Event(i, padding: i % 40)));
            }

            Assert.Equal(dir.Segments().Length, log.Status.Segments);
        }

        var segments = dir.Segments();
        Assert.True(segments.Length >= 5, $"only {segments.Length} segments");
        Assert.Equal(segments, observer.SegmentsCreated);
        var records = EventLogReader.Read(dir.Path).ToList();
        foreach (var segment in segments)
        {
            Assert.InRange(new FileInfo(segment).Length, 1, 1024);

            // The name is the sequence of the segment's first record.
            var first = long.Parse(Path.GetFileNameWithoutExtension(segment), System.Globalization.CultureInfo.InvariantCulture);
            var lines = File.ReadAllText(segment).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(lines[0][18..], Payloads.Text(records[(int)first].Payload));
        }

        var (replayed, status) = await Payloads.ReplayAsync(options);
        Assert.Equal(Enumerable.Range(0, 60).Select(i => ((long)i, Payloads.Text(Payloads.Event(i, i % 40)))), replayed);
        Assert.Equal(segments.Length, status.Segments);
        Assert.Equal(segments.Sum(s => new FileInfo(s).Length), status.Bytes);
    }

    [Fact]
    public async Task AppendBatch_LargerThanSegment_GoesWholeIntoItsOwnSegment()
    {
        using var dir = new TempDirectory();
        await using (var log = EventLog.Open(dir.Options(segmentMaxBytes: 256)))
        {
            await log.AppendAsync(Payloads.Event(0));
            Assert.Equal(1, await log.AppendBatchAsync(Enumerable.Range(1, 5).Select(i => (ReadOnlyMemory<byte>)Payloads.Event(i)).ToList()));
            Assert.Equal(6, await log.AppendAsync(Payloads.Event(6)));
        }

        Assert.Equal(
            ["00000000000000000000.log", "00000000000000000001.log", "00000000000000000006.log"],
            dir.Segments().Select(Path.GetFileName));
        Assert.Equal(Enumerable.Range(0, 7).Select(i => (long)i), EventLogReader.Read(dir.Path).Select(r => r.Sequence));
    }

    [Fact]
    public async Task Segment_AfterAppends_IsOneFramedLinePerRecordSoCutYieldsJsonl()
    {
        using var dir = new TempDirectory();
        var payloads = new[] { "{\"a\":\"x y z\"}", "{\"b\":2}", "{}" };
        await using (var log = EventLog.Open(dir.Options()))
        {
            foreach (var payload in payloads)
            {
                await log.AppendAsync(Encoding.UTF8.GetBytes(payload));
            }
        }

        var lines = File.ReadAllText(dir.Segments()[0]).Split('\n');

        Assert.Equal("", lines[^1]);
        Assert.Equal(payloads, lines[..^1].Select(line => line.Split(' ', 3)[2]));
        Assert.All(lines[..^1], line => Assert.Matches("^[0-9a-f]{8} [0-9a-f]{8} ", line));
        Assert.Equal(payloads.Select(p => p.Length.ToString("x8", System.Globalization.CultureInfo.InvariantCulture)), lines[..^1].Select(l => l[..8]));
    }

    [Theory]
    [InlineData("{\"a\":\"line\nbreak\"}")]
    [InlineData("{\"a\":\"carriage\rreturn\"}")]
    public async Task Append_PayloadWithLineBreak_ThrowsArgumentExceptionAndWritesNothing(string payload)
    {
        using var dir = new TempDirectory();
        await using var log = EventLog.Open(dir.Options());

        await Assert.ThrowsAsync<ArgumentException>(async () => await log.AppendAsync(Encoding.UTF8.GetBytes(payload)));
        await Assert.ThrowsAsync<ArgumentException>(
            async () => await log.AppendBatchAsync([Payloads.Event(0), Encoding.UTF8.GetBytes(payload)]));

        Assert.Equal(0, log.Status.NextSequence);
        Assert.Equal(0, new FileInfo(dir.Segments()[0]).Length);
    }

    [Fact]
    public async Task AppendBatch_Empty_ThrowsArgumentException()
    {
        using var dir = new TempDirectory();
        await using var log = EventLog.Open(dir.Options());

        var exception = await Assert.ThrowsAsync<ArgumentException>(async () => await log.AppendBatchAsync([]));

        Assert.Equal("payloads", exception.ParamName);
    }

    [Fact]
    public async Task Append_EmptyPayload_RoundTrips()
    {
        using var dir = new TempDirectory();
        await using (var log = EventLog.Open(dir.Options()))
        {
            await log.AppendAsync(ReadOnlyMemory<byte>.Empty);
        }

        var (records, _) = await Payloads.ReplayAsync(dir.Options());
        Assert.Equal([(0L, "")], records);
    }

    [Fact]
    public async Task Dispose_AppendsInFlight_DrainsThemAllDurably()
    {
        using var dir = new TempDirectory();
        var log = EventLog.Open(dir.Options());
        var appends = Enumerable.Range(0, 2000).Select(i => log.AppendAsync(Payloads.Event(i)).AsTask()).ToList();

        await log.DisposeAsync();

        var sequences = await Task.WhenAll(appends);
        Assert.Equal(Enumerable.Range(0, 2000).Select(i => (long)i), sequences.Order());
        var (records, _) = await Payloads.ReplayAsync(dir.Options());
        Assert.Equal(2000, records.Count);
    }

    [Fact]
    public async Task Append_AfterDispose_ThrowsObjectDisposedException()
    {
        using var dir = new TempDirectory();
        var log = EventLog.Open(dir.Options());
        await log.DisposeAsync();
        await log.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await log.AppendAsync(Payloads.Event(0)));
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await log.AppendBatchAsync([Payloads.Event(0)]));
    }

    [Fact]
    public async Task Append_CancelledToken_ThrowsAndWritesNothing()
    {
        using var dir = new TempDirectory();
        await using var log = EventLog.Open(dir.Options());
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await log.AppendAsync(Payloads.Event(0), cancelled.Token));

        Assert.Equal(0, await log.AppendAsync(Payloads.Event(1)));
    }

    [Fact]
    public async Task Open_WithTimeProvider_ReportsReplayDurationFromIt()
    {
        using var dir = new TempDirectory();
        await using var log = EventLog.Open(dir.Options(), timeProvider: new FakeTimeProvider { AutoAdvanceAmount = TimeSpan.FromSeconds(1) });

        Assert.Equal(TimeSpan.FromSeconds(1), log.Status.ReplayDuration);
    }

    [Fact]
    public async Task Open_DirectoryAlreadyOpen_ThrowsIOExceptionNamingItUntilTheFirstIsDisposed()
    {
        using var dir = new TempDirectory();
        var first = EventLog.Open(dir.Options());

        var exception = Assert.Throws<IOException>(() => EventLog.Open(dir.Options()));
        await first.DisposeAsync();
        await using var second = EventLog.Open(dir.Options());

        Assert.Contains(dir.Path, exception.Message, StringComparison.Ordinal);
        Assert.Contains("already open", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_DirectoryPathIsAFile_ThrowsIOExceptionNamingThePath()
    {
        using var dir = new TempDirectory();
        var file = Path.Combine(dir.Path, "not-a-directory");
        File.WriteAllText(file, "x");

        var exception = Assert.Throws<IOException>(() => EventLog.Open(new EventLogOptions { Directory = file }));

        Assert.Contains(file, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_ReplayHandlerThrows_PropagatesAndReleasesTheDirectory()
    {
        using var dir = new TempDirectory();
        await using (var log = EventLog.Open(dir.Options()))
        {
            await log.AppendAsync(Payloads.Event(0));
        }

        Assert.Throws<InvalidOperationException>(() => EventLog.Open(dir.Options(), (_, _) => throw new InvalidOperationException("handler bug")));

        await using var reopened = EventLog.Open(dir.Options());
        Assert.Equal(1, reopened.Status.RecordCount);
    }

    [Fact]
    public async Task Append_FsyncOff_StillRoundTrips()
    {
        using var dir = new TempDirectory();
        await using (var log = EventLog.Open(dir.Options(fsync: false)))
        {
            await log.AppendBatchAsync(Enumerable.Range(0, 50).Select(i => (ReadOnlyMemory<byte>)Payloads.Event(i)).ToList());
        }

        var (records, _) = await Payloads.ReplayAsync(dir.Options());
        Assert.Equal(50, records.Count);
    }

    [Fact]
    public async Task Observer_ThatThrows_DoesNotBreakAppends()
    {
        using var dir = new TempDirectory();
        await using var log = EventLog.Open(dir.Options(), observer: new ThrowingObserver());

        Assert.Equal(0, await log.AppendAsync(Payloads.Event(0)));
        Assert.Equal(1, await log.AppendAsync(Payloads.Event(1)));
    }

    private sealed class ThrowingObserver : IEventLogObserver
    {
        public void OnAppended(int records, long bytes, TimeSpan writeDuration, TimeSpan fsyncDuration) => throw new InvalidOperationException();

        public void OnRecovered(string segmentPath, long offset, long droppedBytes, string reason) => throw new InvalidOperationException();

        public void OnWriteFailed(Exception exception) => throw new InvalidOperationException();

        public void OnSegmentCreated(string segmentPath) => throw new InvalidOperationException();
    }
}
