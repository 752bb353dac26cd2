using System.Text;
using Observability.EventLog.Tests.Support;

namespace Observability.EventLog.Tests;

/// <summary>Fault tests for durability: what a crash, a short write or disk damage leaves behind, and the repair.</summary>
public sealed class RecoveryTests
{
    private const int Records = 10;

    [Theory]
    [InlineData(30)]
    [InlineData(5)]
    [InlineData(18)]
    [InlineData(1)]
    public async Task TornTail_LastRecordCutShort_DropsOnlyThatRecordAndTruncatesTheFile(int keptBytes)
    {
        using var dir = new TempDirectory();
        var segment = await WriteAsync(dir, Records);
        var last = LogFiles.RecordStarts(segment)[^1];
        LogFiles.Truncate(segment, last + keptBytes);
        var observer = new RecordingObserver();

        var (records, status) = await Payloads.ReplayAsync(dir.Options(), observer);

        Assert.Equal(Records - 1, records.Count);
        Assert.Equal(last, new FileInfo(segment).Length);
        Assert.Equal(keptBytes, status.TruncatedBytes);
        Assert.Equal(0, status.CorruptRecords);
        var recovered = Assert.Single(observer.Recovered);
        Assert.Equal((segment, last, (long)keptBytes), (recovered.Path, recovered.Offset, recovered.Dropped));
        Assert.StartsWith("torn tail: incomplete", recovered.Reason, StringComparison.Ordinal);
        await AssertAppendsContinueAsync(dir, Records - 1);
    }

    [Fact]
    public async Task CorruptChecksum_LastRecord_DropsItAndCountsOneCorruptRecord()
    {
        using var dir = new TempDirectory();
        var segment = await WriteAsync(dir, Records);
        var starts = LogFiles.RecordStarts(segment);
        var length = new FileInfo(segment).Length;
        LogFiles.FlipPayloadByte(segment, starts[^1]);
        var observer = new RecordingObserver();

        var (records, status) = await Payloads.ReplayAsync(dir.Options(), observer);

        Assert.Equal(Records - 1, records.Count);
        Assert.Equal(length - starts[^1], status.TruncatedBytes);
        Assert.Equal(1, status.CorruptRecords);
        Assert.Contains("checksum mismatch", Assert.Single(observer.Recovered).Reason, StringComparison.Ordinal);
        await AssertAppendsContinueAsync(dir, Records - 1);
    }

    [Fact]
    public async Task CorruptChecksum_MiddleRecordOfLastSegment_TruncatesFromThereAndCountsIt()
    {
        using var dir = new TempDirectory();
        var segment = await WriteAsync(dir, Records);
        var starts = LogFiles.RecordStarts(segment);
        var length = new FileInfo(segment).Length;
        LogFiles.FlipPayloadByte(segment, starts[4]);

        var (records, status) = await Payloads.ReplayAsync(dir.Options());

        Assert.Equal(Enumerable.Range(0, 4).Select(i => (long)i), records.Select(r => r.Sequence));
        Assert.Equal(starts[4], new FileInfo(segment).Length);
        Assert.Equal(length - starts[4], status.TruncatedBytes);
        Assert.Equal(1, status.CorruptRecords);
        await AssertAppendsContinueAsync(dir, 4);
    }

    [Fact]
    public async Task MalformedHeader_FollowedByMoreRecords_CountsAsCorrupt()
    {
        using var dir = new TempDirectory();
        var segment = await WriteAsync(dir, Records);
        var starts = LogFiles.RecordStarts(segment);
        LogFiles.Overwrite(segment, starts[7] + 3, "zz"u8);
        var observer = new RecordingObserver();

        var (records, status) = await Payloads.ReplayAsync(dir.Options(), observer);

        Assert.Equal(7, records.Count);
        Assert.Equal(1, status.CorruptRecords);
        Assert.Equal("corrupt record: malformed header", Assert.Single(observer.Recovered).Reason);
    }

    [Fact]
    public async Task ZeroFilledTail_AfterTheLastRecord_IsCutAsUnusedSpaceWithoutCountingIt()
    {
        // What a crash leaves of the writer's preallocated space: zeros after the data, not damage.
        using var dir = new TempDirectory();
        var segment = await WriteAsync(dir, Records);
        var length = new FileInfo(segment).Length;
        LogFiles.AppendZeros(segment, 4096);
        var observer = new RecordingObserver();

        var (records, status) = await Payloads.ReplayAsync(dir.Options(), observer);

        Assert.Equal(Records, records.Count);
        Assert.Equal(length, new FileInfo(segment).Length);
        Assert.Equal(0, status.TruncatedBytes);
        Assert.Equal(0, status.CorruptRecords);
        Assert.Empty(observer.Recovered);
        await AssertAppendsContinueAsync(dir, Records);
    }

    [Fact]
    public async Task ZerosThenGarbage_AfterTheLastRecord_AreCutAndCountedFromTheEndOfTheRecord()
    {
        using var dir = new TempDirectory();
        var segment = await WriteAsync(dir, Records);
        var length = new FileInfo(segment).Length;
        var partial = "0000004a 1234abcd {\"id\":\"half"u8.ToArray();
        LogFiles.AppendZeros(segment, 4096);
        LogFiles.Append(segment, partial);
        var observer = new RecordingObserver();

        var (records, status) = await Payloads.ReplayAsync(dir.Options(), observer);

        Assert.Equal(Records, records.Count);
        Assert.Equal(length, new FileInfo(segment).Length);
        Assert.Equal(4096 + partial.Length, status.TruncatedBytes);
        Assert.Equal(0, status.CorruptRecords);
        var recovered = Assert.Single(observer.Recovered);
        Assert.Equal((segment, length, 4096L + partial.Length), (recovered.Path, recovered.Offset, recovered.Dropped));
        Assert.Equal("torn tail: zero bytes, then data (a write cut short)", recovered.Reason);
        await AssertAppendsContinueAsync(dir, Records);
    }

    [Fact]
    public async Task ZerosThenACompleteLine_InTheLiveSegment_AreAWriteCutShortNotDamage()
    {
        // A power cut between a group's write and its sync can leave its later pages on disk and not its first ones.
        using var dir = new TempDirectory();
        var segment = await WriteAsync(dir, Records);
        var length = new FileInfo(segment).Length;
        var line = File.ReadAllBytes(segment)[..(int)LogFiles.RecordStarts(segment)[1]];
        LogFiles.AppendZeros(segment, 100);
        LogFiles.Append(segment, line);

        var (records, status) = await Payloads.ReplayAsync(dir.Options());

        Assert.Equal(Records, records.Count);
        Assert.Equal(length, new FileInfo(segment).Length);
        Assert.Equal(100 + line.Length, status.TruncatedBytes);
        Assert.Equal(0, status.CorruptRecords);
    }

    [Fact]
    public async Task ZeroFilledTail_InASealedSegment_IsCutAndCountedAsDamage()
    {
        // The writer cuts a segment to its data before starting the next one, so zeros there are not its doing.
        using var dir = new TempDirectory();
        var options = dir.Options(segmentMaxBytes: 1024);
        await using (var log = EventLog.Open(options))
        {
            for (var i = 0; i < 20; i++)
            {
                await log.AppendAsync(Payloads.Event(i));
            }
        }

        var first = dir.Segments()[0];
        var length = new FileInfo(first).Length;
        LogFiles.AppendZeros(first, 50);
        var observer = new RecordingObserver();

        var (records, status) = await Payloads.ReplayAsync(options, observer);

        Assert.Equal(20, records.Count);
        Assert.Equal(length, new FileInfo(first).Length);
        Assert.Equal(50, status.TruncatedBytes);
        Assert.Equal(1, status.CorruptRecords);
        Assert.Equal("torn tail: zero-filled (50 bytes) (in a sealed segment)", Assert.Single(observer.Recovered).Reason);
    }

    [Fact]
    public async Task ZeroFilledTail_InsideTheLastRecord_IsCutAsTornTailAndCountedToItsLastData()
    {
        using var dir = new TempDirectory();
        var segment = await WriteAsync(dir, Records);
        var starts = LogFiles.RecordStarts(segment);
        var length = new FileInfo(segment).Length;

        // The file system kept the size of the last append but not its data (the tail of the record reads as zeros).
        LogFiles.Overwrite(segment, starts[^1] + 25, new byte[length - starts[^1] - 25]);

        var (records, status) = await Payloads.ReplayAsync(dir.Options());

        // Counted up to the last byte that is not zero: zeros after it never held data.
        Assert.Equal(Records - 1, records.Count);
        Assert.Equal(25, status.TruncatedBytes);
        Assert.Equal(0, status.CorruptRecords);
    }

    [Fact]
    public async Task ShortWrite_PartialLineAppended_IsCutAndLaterAppendsAreReadable()
    {
        using var dir = new TempDirectory();
        var segment = await WriteAsync(dir, Records);
        var length = new FileInfo(segment).Length;
        const string Partial = "0000004a 1234abcd {\"id\":\"half";
        File.AppendAllText(segment, Partial);

        var (records, status) = await Payloads.ReplayAsync(dir.Options());

        Assert.Equal(Records, records.Count);
        Assert.Equal(length, new FileInfo(segment).Length);
        Assert.Equal(Partial.Length, status.TruncatedBytes);
        Assert.Equal(0, status.CorruptRecords);
        await AssertAppendsContinueAsync(dir, Records);
    }

    [Fact]
    public async Task ShortLine_FollowedByCompleteRecords_CutsFromTheShortLineAndCountsItCorrupt()
    {
        using var dir = new TempDirectory();
        var segment = await WriteAsync(dir, 5);
        var length = new FileInfo(segment).Length;

        // A record whose line ends before its length says, then a valid record: the line is damaged, not torn.
        File.AppendAllText(segment, "00000040 1234abcd {\"id\":\"short\"}\n");
        var tail = File.ReadAllBytes(segment)[(int)LogFiles.RecordStarts(segment)[0]..(int)LogFiles.RecordStarts(segment)[1]];
        using (var stream = new FileStream(segment, FileMode.Append))
        {
            stream.Write(tail);
        }

        var (records, status) = await Payloads.ReplayAsync(dir.Options());

        Assert.Equal(5, records.Count);
        Assert.Equal(length, new FileInfo(segment).Length);
        Assert.Equal(1, status.CorruptRecords);
        await AssertAppendsContinueAsync(dir, 5);
    }

    [Fact]
    public async Task GarbageInEarlierSegment_CutsThatSegmentAndReplaysLaterOnesWithTheirOwnSequences()
    {
        using var dir = new TempDirectory();
        var options = dir.Options(segmentMaxBytes: 1024);
        await using (var log = EventLog.Open(options))
        {
            for (var i = 0; i < 40; i++)
            {
                await log.AppendAsync(Payloads.Event(i));
            }
        }

        var segments = dir.Segments();
        Assert.True(segments.Length >= 3);
        var starts = LogFiles.RecordStarts(segments[0]);
        var firstLength = new FileInfo(segments[0]).Length;
        LogFiles.Overwrite(segments[0], starts[2] + 10, Encoding.ASCII.GetBytes("#### disk rot ####"));
        var observer = new RecordingObserver();

        var (records, status) = await Payloads.ReplayAsync(options, observer);

        var secondFirst = long.Parse(Path.GetFileNameWithoutExtension(segments[1]), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal([0L, 1L], records.Select(r => r.Sequence).Take(2));
        Assert.Equal(secondFirst, records[2].Sequence);
        Assert.Equal(40 - (secondFirst - 2), records.Count);
        Assert.Equal(Enumerable.Range(2, records.Count - 2).Select(i => secondFirst + i - 2), records.Skip(2).Select(r => r.Sequence));
        Assert.Equal(starts[2], new FileInfo(segments[0]).Length);
        Assert.Equal(firstLength - starts[2], status.TruncatedBytes);
        Assert.Equal(1, status.CorruptRecords);
        Assert.Equal(40, status.NextSequence);
        Assert.EndsWith("(in a sealed segment)", Assert.Single(observer.Recovered).Reason, StringComparison.Ordinal);
        await AssertAppendsContinueAsync(dir, 40, options);
    }

    [Fact]
    public async Task Reopen_AfterRepair_FindsNothingMoreToCut()
    {
        using var dir = new TempDirectory();
        var segment = await WriteAsync(dir, Records);
        LogFiles.AppendZeros(segment, 100);
        await Payloads.ReplayAsync(dir.Options());
        var observer = new RecordingObserver();

        var (records, status) = await Payloads.ReplayAsync(dir.Options(), observer);

        Assert.Equal(Records, records.Count);
        Assert.Equal(0, status.TruncatedBytes);
        Assert.Empty(observer.Recovered);
        Assert.True(EventLogReader.Verify(dir.Path).IsHealthy);
    }

    [Fact]
    public async Task EmptyLastSegment_LeftByACrashAfterRolling_IsKeptAndAppendedTo()
    {
        using var dir = new TempDirectory();
        await WriteAsync(dir, 3);
        File.WriteAllBytes(Path.Combine(dir.Path, "00000000000000000003.log"), []);

        await using (var log = EventLog.Open(dir.Options()))
        {
            Assert.Equal(2, log.Status.Segments);
            Assert.Equal(3, await log.AppendAsync(Payloads.Event(3)));
        }

        Assert.Equal(4, EventLogReader.Read(dir.Path).Count());
        Assert.True(EventLogReader.Verify(dir.Path).IsHealthy);
    }

    [Fact]
    public async Task OtherFiles_InTheDirectory_AreIgnored()
    {
        using var dir = new TempDirectory();
        await WriteAsync(dir, 3);
        File.WriteAllText(Path.Combine(dir.Path, "notes.txt"), "hello\n");
        File.WriteAllText(Path.Combine(dir.Path, "123.log"), "not a segment\n");

        var (records, status) = await Payloads.ReplayAsync(dir.Options());

        Assert.Equal(3, records.Count);
        Assert.Equal(0, status.TruncatedBytes);
        Assert.Equal(1, status.Segments);
    }

    private static async Task<string> WriteAsync(TempDirectory dir, int count)
    {
        await using (var log = EventLog.Open(dir.Options()))
        {
            for (var i = 0; i < count; i++)
            {
                await log.AppendAsync(Payloads.Event(i, padding: 20));
            }
        }

        return dir.Segments()[^1];
    }

    /// <summary>After a repair, a new append takes the next sequence and everything reads back cleanly.</summary>
    private static async Task AssertAppendsContinueAsync(TempDirectory dir, long nextSequence, EventLogOptions? options = null)
    {
        options ??= dir.Options();
        await using (var log = EventLog.Open(options))
        {
            Assert.Equal(nextSequence, await log.AppendAsync(Encoding.UTF8.GetBytes("{\"after\":\"repair\"}")));
        }

        var last = EventLogReader.Read(dir.Path).Last();
        Assert.Equal((nextSequence, "{\"after\":\"repair\"}"), (last.Sequence, Payloads.Text(last.Payload)));
        var verification = EventLogReader.Verify(dir.Path);
        Assert.DoesNotContain(verification.Problems, p => p.Contains("offset", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TornRecordThenPreallocatedZeros_CountsOnlyTheTornBytes()
    {
        using var dir = new TempDirectory();
        var segment = await WriteAsync(dir, Records);
        var partial = "0000004a 1234abcd {\"id\":\"half"u8.ToArray();
        LogFiles.Append(segment, partial);
        LogFiles.AppendZeros(segment, 1 << 20);

        var (records, status) = await Payloads.ReplayAsync(dir.Options());

        Assert.Equal(Records, records.Count);
        Assert.Equal(partial.Length, status.TruncatedBytes);
        Assert.Equal(0, status.CorruptRecords);
    }
}
