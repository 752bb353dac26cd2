using System.Collections.Concurrent;
using System.Text;
using Observability.EventLog.Tests.Support;

namespace Observability.EventLog.Tests;

/// <summary>
/// The zero-filled space the writer keeps ahead of its records: on disk while the log is open, cut from every sealed
/// segment and on dispose, harmless to recovery after a crash and invisible to readers of the live segment.
/// </summary>
public sealed class PreallocationTests
{
    private const long SmallSegment = 16 * 1024;
    private const long SmallStep = 4096;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Segment_WhileOpen_IsZeroFilledAheadOfTheDataAndCutToItOnDispose()
    {
        using var dir = new TempDirectory();
        long data;
        string segment;
        await using (var log = EventLog.Open(dir.Options()))
        {
            for (var i = 0; i < 10; i++)
            {
                await log.AppendAsync(Payloads.Event(i));
            }

            data = log.Status.Bytes;
            segment = dir.Segments().Single();
            Assert.Equal(EventLogOptions.DefaultPreallocationBytes, new FileInfo(segment).Length);
            Assert.True(LogFiles.IsZeroFrom(segment, data), "the space after the data is not all zeros");
            Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), EventLogReader.Read(dir.Path).Select(r => r.Sequence));
        }

        Assert.Equal(data, new FileInfo(segment).Length);
        Assert.Equal((byte)'\n', File.ReadAllBytes(segment)[^1]);
        Assert.True(EventLogReader.Verify(dir.Path).IsHealthy);
    }

    [Fact]
    public async Task Roll_SealedSegmentsEndAtTheirLastRecordWhileTheLiveOneIsPreallocated()
    {
        using var dir = new TempDirectory();
        await using (var log = EventLog.Open(dir.Options(segmentMaxBytes: SmallSegment, preallocationBytes: SmallStep)))
        {
            for (var i = 0; i < 400; i++)
            {
                await log.AppendAsync(Payloads.Event(i));
            }

            var segments = dir.Segments();
            Assert.True(segments.Length >= 3, $"only {segments.Length} segments");
            var sealedBytes = 0L;
            foreach (var segment in segments[..^1])
            {
                var bytes = File.ReadAllBytes(segment);
                Assert.Equal((byte)'\n', bytes[^1]);
                Assert.DoesNotContain((byte)0, bytes);
                sealedBytes += bytes.Length;
            }

            var liveData = log.Status.Bytes - sealedBytes;
            var liveLength = new FileInfo(segments[^1]).Length;
            Assert.InRange(liveLength, liveData + 1, SmallSegment);
            Assert.True(liveLength % SmallStep == 0 || liveLength == SmallSegment, $"the live segment is {liveLength} bytes, not a whole step");
            Assert.True(LogFiles.IsZeroFrom(segments[^1], liveData), "the live segment's space after the data is not all zeros");
        }

        Assert.All(dir.Segments(), segment => Assert.Equal((byte)'\n', File.ReadAllBytes(segment)[^1]));
        var (records, status) = await Payloads.ReplayAsync(dir.Options(segmentMaxBytes: SmallSegment));
        Assert.Equal(400, records.Count);
        Assert.Equal(dir.Segments().Sum(s => new FileInfo(s).Length), status.Bytes);
        Assert.Equal(0, status.TruncatedBytes);
    }

    [Fact]
    public async Task Reopen_CopyTakenWhileOpen_ReplaysEveryRecordAndCountsNoTruncatedBytes()
    {
        using var dir = new TempDirectory();
        using var crashed = new TempDirectory();
        var options = dir.Options(segmentMaxBytes: SmallSegment, preallocationBytes: SmallStep);
        await using (var log = EventLog.Open(options))
        {
            for (var i = 0; i < 300; i++)
            {
                await log.AppendAsync(Payloads.Event(i));
            }

            // What a kill -9 or a power cut leaves: every acknowledged record, then the preallocated zeros.
            LogFiles.CopySegments(dir.Path, crashed.Path);
            Assert.True(new FileInfo(crashed.Segments()[^1]).Length > log.Status.Bytes - SealedBytes(crashed));
        }

        Assert.True(EventLogReader.Verify(crashed.Path).IsHealthy, string.Join("\n", EventLogReader.Verify(crashed.Path).Problems));
        var observer = new RecordingObserver();

        var (records, status) = await Payloads.ReplayAsync(crashed.Options(segmentMaxBytes: SmallSegment, preallocationBytes: SmallStep), observer);

        Assert.Equal(Enumerable.Range(0, 300).Select(i => ((long)i, Payloads.Text(Payloads.Event(i)))), records);
        Assert.Equal(0, status.TruncatedBytes);
        Assert.Equal(0, status.CorruptRecords);
        Assert.Empty(observer.Recovered);
        Assert.Equal(crashed.Segments().Sum(s => new FileInfo(s).Length), status.Bytes);
        await using (var reopened = EventLog.Open(crashed.Options(segmentMaxBytes: SmallSegment, preallocationBytes: SmallStep)))
        {
            Assert.Equal(300, await reopened.AppendAsync(Encoding.UTF8.GetBytes("{\"after\":\"crash\"}")));
        }

        Assert.Equal(301, EventLogReader.Read(crashed.Path).Count());
        Assert.True(EventLogReader.Verify(crashed.Path).IsHealthy);
    }

    [Theory]
    [InlineData(true, 0)]
    [InlineData(false, EventLogOptions.DefaultPreallocationBytes)]
    public async Task Segment_PreallocationOffOrFsyncOff_IsExactlyTheDataWhileOpen(bool fsync, long preallocationBytes)
    {
        using var dir = new TempDirectory();
        await using var log = EventLog.Open(dir.Options(fsync: fsync, preallocationBytes: preallocationBytes));
        for (var i = 0; i < 10; i++)
        {
            await log.AppendAsync(Payloads.Event(i));
        }

        Assert.Equal(log.Status.Bytes, new FileInfo(dir.Segments().Single()).Length);
    }

    [Fact]
    public async Task Cursor_LivePreallocatedSegment_HandsOverEachRecordAndResumesAtTheEndOfTheData()
    {
        using var dir = new TempDirectory();
        var cursor = new EventLogCursor(dir.Path);
        var seen = new List<long>();
        await using var log = EventLog.Open(dir.Options(segmentMaxBytes: SmallSegment, preallocationBytes: SmallStep));
        for (var round = 0; round < 40; round++)
        {
            for (var i = 0; i < 5; i++)
            {
                await log.AppendAsync(Payloads.Event((round * 5) + i));
            }

            Assert.Equal(5, cursor.ReadAvailable((sequence, _) => seen.Add(sequence)));
            Assert.Equal(0, cursor.ReadAvailable((sequence, _) => seen.Add(sequence)));
            var verification = EventLogReader.Verify(dir.Path);
            Assert.True(verification.IsHealthy, string.Join("\n", verification.Problems));
        }

        Assert.True(dir.Segments().Length >= 2, "the test needs a roll");
        Assert.Equal(Enumerable.Range(0, 200).Select(i => (long)i), seen);
    }

    [Fact]
    public async Task FollowAndCursor_ConcurrentAppendsAcrossRolls_SeeEveryRecordOnceInOrder()
    {
        const int Appenders = 8;
        const int Each = 100;
        using var dir = new TempDirectory();
        using var cancellation = new CancellationTokenSource(Patience);
        var followed = new List<LogRecord>();
        var follower = Task.Run(async () =>
        {
            await foreach (var record in EventLogReader.FollowAsync(dir.Path, 0, TimeSpan.FromMilliseconds(1), cancellation.Token))
            {
                followed.Add(record);
                if (followed.Count == Appenders * Each)
                {
                    return;
                }
            }
        });
        var polled = new ConcurrentQueue<long>();
        var cursor = new EventLogCursor(dir.Path);
        var appending = true;
        var poller = Task.Run(async () =>
        {
            while (Volatile.Read(ref appending))
            {
                cursor.ReadAvailable((sequence, _) => polled.Enqueue(sequence));
                await Task.Delay(1);
            }

            cursor.ReadAvailable((sequence, _) => polled.Enqueue(sequence));
        });

        await using (var log = EventLog.Open(dir.Options(segmentMaxBytes: SmallSegment, preallocationBytes: SmallStep)))
        {
            await Task.WhenAll(Enumerable.Range(0, Appenders).Select(a => Task.Run(async () =>
            {
                for (var i = 0; i < Each; i++)
                {
                    await log.AppendAsync(Payloads.Event((a * Each) + i));
                }
            })));
            await follower.WaitAsync(Patience);
            Volatile.Write(ref appending, false);
            await poller.WaitAsync(Patience);
        }

        Assert.True(dir.Segments().Length >= 4, $"only {dir.Segments().Length} segments");
        Assert.Equal(Enumerable.Range(0, Appenders * Each).Select(i => (long)i), followed.Select(r => r.Sequence));
        Assert.Equal(Enumerable.Range(0, Appenders * Each).Select(i => (long)i), polled);
        var stored = EventLogReader.Read(dir.Path).Select(r => Payloads.Text(r.Payload)).ToList();
        Assert.Equal(stored, followed.Select(r => Payloads.Text(r.Payload)));
        Assert.Equal(
            Enumerable.Range(0, Appenders * Each).Select(i => Payloads.Text(Payloads.Event(i))).Order(StringComparer.Ordinal),
            stored.Order(StringComparer.Ordinal));
    }

    private static long SealedBytes(TempDirectory dir) => dir.Segments()[..^1].Sum(s => new FileInfo(s).Length);
}
