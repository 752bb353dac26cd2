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
    public async Task CorruptChecksum_LastRecordOfTheLastSegment_IsATornTailCutAfterACopyToQuarantine()
    {
        // No valid record after it: nothing shows it was ever acknowledged, so it is the tail a crash can leave.
        using var dir = new TempDirectory();
        var segment = await WriteAsync(dir, Records);
        var starts = LogFiles.RecordStarts(segment);
        var length = new FileInfo(segment).Length;
        LogFiles.FlipPayloadByte(segment, starts[^1]);
        var tail = File.ReadAllBytes(segment)[(int)starts[^1]..];
        var observer = new RecordingObserver();

        var (records, status) = await Payloads.ReplayAsync(dir.Options(), observer);

        Assert.Equal(Records - 1, records.Count);
        Assert.Equal(starts[^1], new FileInfo(segment).Length);
        Assert.Equal(length - starts[^1], status.TruncatedBytes);
        Assert.Equal((0L, 0L, 0L), (status.CorruptRecords, status.CorruptBytes, status.MissingRecords));
        Assert.StartsWith("corrupt record: checksum mismatch", Assert.Single(observer.Recovered).Reason, StringComparison.Ordinal);
        Assert.Empty(observer.Damaged);
        Assert.Equal(tail, File.ReadAllBytes(Path.Combine(dir.Quarantine, $"{Path.GetFileName(segment)}@{starts[^1]}.bin")));
        await AssertAppendsContinueAsync(dir, Records - 1);
    }

    [Fact]
    public async Task CorruptChecksum_MiddleRecordOfTheLastSegment_IsSkippedAndAppendsGoToANewSegment()
    {
        using var dir = new TempDirectory();
        var segment = await WriteAsync(dir, Records);
        var starts = LogFiles.RecordStarts(segment);
        var length = new FileInfo(segment).Length;
        LogFiles.FlipPayloadByte(segment, starts[4]);
        var before = File.ReadAllBytes(segment);

        var (records, status) = await Payloads.ReplayAsync(dir.Options());

        Assert.Equal([0L, 1, 2, 3, 5, 6, 7, 8, 9], records.Select(r => r.Sequence));
        Assert.Equal(before, File.ReadAllBytes(segment));
        Assert.Equal(0, status.TruncatedBytes);
        Assert.Equal((1L, starts[5] - starts[4]), (status.CorruptRecords, status.CorruptBytes));
        Assert.Equal(10, status.NextSequence);
        Assert.Equal(before[(int)starts[4]..(int)starts[5]], File.ReadAllBytes(Path.Combine(dir.Quarantine, $"{Path.GetFileName(segment)}@{starts[4]}.bin")));

        // The damaged segment is left as it is: the writer goes on in a new one, named by the next sequence.
        await AssertAppendsContinueAsync(dir, 10);
        Assert.Equal([segment, Path.Combine(dir.Path, "00000000000000000010.log")], dir.Segments());
        Assert.Equal(length, new FileInfo(segment).Length);
    }

    [Fact]
    public async Task MalformedHeader_FollowedByMoreRecords_IsSkippedAndCountedAsOneCorruptRecord()
    {
        using var dir = new TempDirectory();
        var segment = await WriteAsync(dir, Records);
        var starts = LogFiles.RecordStarts(segment);
        LogFiles.Overwrite(segment, starts[7] + 3, "zz"u8);
        var observer = new RecordingObserver();

        var (records, status) = await Payloads.ReplayAsync(dir.Options(), observer);

        Assert.Equal([0L, 1, 2, 3, 4, 5, 6, 8, 9], records.Select(r => r.Sequence));
        Assert.Equal(1, status.CorruptRecords);
        var damage = Assert.Single(observer.Damaged);
        Assert.Equal((segment, starts[7], starts[8] - starts[7], 1L, 7L, "malformed header"), (damage.Segment, damage.Offset, damage.Length, damage.Records, damage.FirstSequence, damage.Reason));
        Assert.Empty(observer.Recovered);
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
    public async Task ZerosThenACompleteLine_InTheLastSegment_AreAHoleSkippedAndTheLineKept()
    {
        // A power cut between a group's write and its sync can leave its later pages on disk and not its first ones; so
        // can a lost sector. A valid record after the zeros means they are not a tail, and the log does not guess.
        using var dir = new TempDirectory();
        var segment = await WriteAsync(dir, Records);
        var length = new FileInfo(segment).Length;
        var line = File.ReadAllBytes(segment)[..(int)LogFiles.RecordStarts(segment)[1]];
        LogFiles.AppendZeros(segment, 100);
        LogFiles.Append(segment, line);
        var observer = new RecordingObserver();

        var (records, status) = await Payloads.ReplayAsync(dir.Options(), observer);

        Assert.Equal(Records + 1, records.Count);
        Assert.Equal((10L, Payloads.Text(line.AsSpan(18, line.Length - 19))), records[^1]);
        Assert.Equal(length + 100 + line.Length, new FileInfo(segment).Length);
        Assert.Equal((0L, 0L, 100L), (status.TruncatedBytes, status.CorruptRecords, status.CorruptBytes));
        var damage = Assert.Single(observer.Damaged);
        Assert.Equal((length, 100L, 0L, "zero bytes where a record should start"), (damage.Offset, damage.Length, damage.Records, damage.Reason));
    }

    [Fact]
    public async Task ZeroFilledTail_InASealedSegment_IsSkippedAsDamageAndNeverCut()
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

        Assert.Equal(Enumerable.Range(0, 20).Select(i => (long)i), records.Select(r => r.Sequence));
        Assert.Equal(length + 50, new FileInfo(first).Length);
        Assert.Equal((0L, 0L, 50L, 0L), (status.TruncatedBytes, status.CorruptRecords, status.CorruptBytes, status.MissingRecords));
        var damage = Assert.Single(observer.Damaged);
        Assert.Equal((first, length, 50L, 0L), (damage.Segment, damage.Offset, damage.Length, damage.Records));
        Assert.Empty(observer.Recovered);
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
    public async Task ShortLine_FollowedByCompleteRecords_IsSkippedAndTheRecordsAfterItKept()
    {
        using var dir = new TempDirectory();
        var segment = await WriteAsync(dir, 5);
        var length = new FileInfo(segment).Length;

        // A record whose line ends before its length says, then a valid record: the line is damaged, not torn.
        const string Short = "00000040 1234abcd {\"id\":\"short\"}\n";
        File.AppendAllText(segment, Short);
        var first = File.ReadAllBytes(segment)[(int)LogFiles.RecordStarts(segment)[0]..(int)LogFiles.RecordStarts(segment)[1]];
        using (var stream = new FileStream(segment, FileMode.Append))
        {
            stream.Write(first);
        }

        var observer = new RecordingObserver();
        var (records, status) = await Payloads.ReplayAsync(dir.Options(), observer);

        Assert.Equal([0L, 1, 2, 3, 4, 6], records.Select(r => r.Sequence));
        Assert.Equal(length + Short.Length + first.Length, new FileInfo(segment).Length);
        Assert.Equal((1L, (long)Short.Length), (status.CorruptRecords, status.CorruptBytes));
        Assert.Equal("the line ends before the record's length (64 bytes)", Assert.Single(observer.Damaged).Reason);
        await AssertAppendsContinueAsync(dir, 7);
    }

    [Fact]
    public async Task GarbageInEarlierSegment_SkipsOnlyTheDamagedRecordAndKeepsEverySequence()
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
        LogFiles.Overwrite(segments[0], starts[2] + 10, Encoding.ASCII.GetBytes("#### disk rot ####"));
        var before = File.ReadAllBytes(segments[0]);
        var observer = new RecordingObserver();

        var (records, status) = await Payloads.ReplayAsync(options, observer);

        Assert.Equal(Enumerable.Range(0, 40).Where(i => i != 2).Select(i => ((long)i, Payloads.Text(Payloads.Event(i)))), records);
        Assert.Equal(before, File.ReadAllBytes(segments[0]));
        Assert.Equal((0L, 1L, starts[3] - starts[2], 0L), (status.TruncatedBytes, status.CorruptRecords, status.CorruptBytes, status.MissingRecords));
        Assert.Equal(40, status.NextSequence);
        Assert.Equal("malformed header", Assert.Single(observer.Damaged).Reason);
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
