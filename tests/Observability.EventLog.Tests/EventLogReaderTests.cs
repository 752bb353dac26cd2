using System.Security.Cryptography;
using Observability.EventLog.Tests.Support;

namespace Observability.EventLog.Tests;

public sealed class EventLogReaderTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task ReadAndVerify_AfterAppends_AgreeWithTheWriter()
    {
        using var dir = new TempDirectory();
        EventLogStatus status;
        await using (var log = EventLog.Open(dir.Options(segmentMaxBytes: 2048)))
        {
            for (var i = 0; i < 100; i++)
            {
                await log.AppendAsync(Payloads.Event(i, padding: i % 17));
            }

            status = log.Status;
        }

        var records = EventLogReader.Read(dir.Path).ToList();
        var verification = EventLogReader.Verify(dir.Path);

        Assert.Equal(Enumerable.Range(0, 100).Select(i => Payloads.Text(Payloads.Event(i, i % 17))), records.Select(r => Payloads.Text(r.Payload)));
        Assert.Equal(Enumerable.Range(0, 100).Select(i => (long)i), records.Select(r => r.Sequence));
        Assert.True(verification.IsHealthy, string.Join("\n", verification.Problems));
        Assert.Equal((status.RecordCount, status.Bytes, status.Segments), (verification.Records, verification.Bytes, verification.Segments));
    }

    [Fact]
    public async Task Read_FromSequenceInALaterSegment_StartsExactlyThere()
    {
        using var dir = new TempDirectory();
        await using (var log = EventLog.Open(dir.Options(segmentMaxBytes: 1024)))
        {
            for (var i = 0; i < 50; i++)
            {
                await log.AppendAsync(Payloads.Event(i));
            }
        }

        Assert.True(dir.Segments().Length > 3);
        Assert.Equal(Enumerable.Range(37, 13).Select(i => (long)i), EventLogReader.Read(dir.Path, 37).Select(r => r.Sequence));
        Assert.Empty(EventLogReader.Read(dir.Path, 50));
    }

    [Fact]
    public async Task Read_WhileTheLogIsOpen_SeesAcknowledgedRecords()
    {
        using var dir = new TempDirectory();
        await using var log = EventLog.Open(dir.Options());
        await log.AppendAsync(Payloads.Event(0));
        await log.AppendAsync(Payloads.Event(1));

        Assert.Equal(2, EventLogReader.Read(dir.Path).Count());
        Assert.True(EventLogReader.Verify(dir.Path).IsHealthy);
    }

    [Fact]
    public async Task Verify_DamagedLog_ReportsEachProblemAndModifiesNothing()
    {
        using var dir = new TempDirectory();
        await using (var log = EventLog.Open(dir.Options(segmentMaxBytes: 1024)))
        {
            for (var i = 0; i < 40; i++)
            {
                await log.AppendAsync(Payloads.Event(i));
            }
        }

        var segments = dir.Segments();
        LogFiles.FlipPayloadByte(segments[0], LogFiles.RecordStarts(segments[0])[3]);
        LogFiles.AppendZeros(segments[^1], 10);
        LogFiles.Append(segments[^1], "junk"u8);
        var before = segments.Select(s => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(s)))).ToList();

        var verification = EventLogReader.Verify(dir.Path);

        Assert.Equal(before, segments.Select(s => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(s)))));
        Assert.False(verification.IsHealthy);
        Assert.Equal(2, verification.Problems.Count);
        var starts = LogFiles.RecordStarts(segments[0]);
        Assert.StartsWith(
            $"{segments[0]}: bytes {starts[3]} to {starts[4] - 1} ({starts[4] - starts[3]} bytes) are damaged, 1 record unreadable (sequence 3): checksum mismatch",
            verification.Problems[0],
            StringComparison.Ordinal);
        Assert.EndsWith("; the records after them are kept", verification.Problems[0], StringComparison.Ordinal);
        Assert.Contains("torn tail: zero bytes, then data (a write cut short); 14 bytes from there on are unreadable", verification.Problems[1], StringComparison.Ordinal);
        Assert.Equal(segments.Length, verification.Segments);
        Assert.Equal(39, verification.Records);
        Assert.Equal((1L, starts[4] - starts[3], 0L), (verification.CorruptRecords, verification.CorruptBytes, verification.MissingRecords));
        Assert.Equal(Enumerable.Range(0, 40).Where(i => i != 3).Select(i => (long)i), EventLogReader.Read(dir.Path).Select(r => r.Sequence));
    }

    [Fact]
    public void ReadAndVerify_MissingDirectory_ThrowDirectoryNotFound()
    {
        var missing = Path.Combine(Path.GetTempPath(), "eventlog-tests", Guid.NewGuid().ToString("N"));

        Assert.Throws<DirectoryNotFoundException>(() => EventLogReader.Read(missing));
        Assert.Throws<DirectoryNotFoundException>(() => EventLogReader.Verify(missing));
    }

    [Fact]
    public async Task FollowAsync_RecordsAppendedAfterItStarted_AreYieldedAcrossSegmentRolls()
    {
        using var dir = new TempDirectory();
        await using var log = EventLog.Open(dir.Options(segmentMaxBytes: 1024));
        for (var i = 0; i < 5; i++)
        {
            await log.AppendAsync(Payloads.Event(i));
        }

        using var cancellation = new CancellationTokenSource(Patience);
        var seen = new List<LogRecord>();
        var firstFive = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var follower = Task.Run(async () =>
        {
            await foreach (var record in EventLogReader.FollowAsync(dir.Path, 0, TimeSpan.FromMilliseconds(10), cancellation.Token))
            {
                seen.Add(record);
                if (seen.Count == 5)
                {
                    firstFive.SetResult();
                }

                if (seen.Count == 40)
                {
                    return;
                }
            }
        });

        await firstFive.Task.WaitAsync(Patience);
        for (var i = 5; i < 40; i++)
        {
            await log.AppendAsync(Payloads.Event(i));
        }

        await follower.WaitAsync(Patience);
        Assert.True(dir.Segments().Length > 3);
        Assert.Equal(Enumerable.Range(0, 40).Select(i => (long)i), seen.Select(r => r.Sequence));
        Assert.Equal(Enumerable.Range(0, 40).Select(i => Payloads.Text(Payloads.Event(i))), seen.Select(r => Payloads.Text(r.Payload)));
    }

    [Fact]
    public async Task FollowAsync_FromSequenceBeforeTheLogExists_WaitsForItAndStartsThere()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "later");
        using var cancellation = new CancellationTokenSource(Patience);
        var follower = Task.Run(async () =>
        {
            var seen = new List<long>();
            await foreach (var record in EventLogReader.FollowAsync(path, 3, TimeSpan.FromMilliseconds(10), cancellation.Token))
            {
                seen.Add(record.Sequence);
                if (seen.Count == 2)
                {
                    return seen;
                }
            }

            return seen;
        });

        await using (var log = EventLog.Open(new EventLogOptions { Directory = path }))
        {
            for (var i = 0; i < 5; i++)
            {
                await log.AppendAsync(Payloads.Event(i));
            }
        }

        Assert.Equal([3L, 4L], await follower.WaitAsync(Patience));
    }

    [Fact]
    public async Task FollowAsync_Cancelled_EndsWithOperationCanceled()
    {
        using var dir = new TempDirectory();
        using var cancellation = new CancellationTokenSource();
        await using var enumerator = EventLogReader.FollowAsync(dir.Path, 0, TimeSpan.FromMilliseconds(10), cancellation.Token).GetAsyncEnumerator();

        var next = enumerator.MoveNextAsync().AsTask();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => next.WaitAsync(Patience));
    }
}
