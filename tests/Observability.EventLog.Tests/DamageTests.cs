using System.Globalization;
using System.Security.Cryptography;
using Observability.EventLog.Tests.Support;

namespace Observability.EventLog.Tests;

/// <summary>
/// Damage where a crash cannot put it: inside sealed segments, and whole segments gone or shortened. Nothing valid is
/// lost with it: each test asserts exactly which records survive (every one but the damaged ones), the quarantined
/// bytes, what is counted, and what <c>verify</c> says before and after the log is opened.
/// </summary>
public sealed class DamageTests
{
    // About 95 bytes a record: three segments of 43, 43 and 34 records.
    private const int Count = 120;
    private const long SegmentMaxBytes = 4096;

    public static TheoryData<string, string> SealedRecordDamage => new()
    {
        { "one byte", "checksum mismatch (stored " },
        { "eight bytes", "checksum mismatch (stored " },
        { "length field shorter", "missing record terminator" },
        { "length field longer", "the line ends before the record's length (" },
        { "length field huge", "incomplete record (" },
    };

    [Theory]
    [MemberData(nameof(SealedRecordDamage))]
    public async Task Damage_RecordInTheMiddleOfASealedSegment_OnlyThatRecordIsLostAndItIsQuarantinedAndCounted(string damage, string reason)
    {
        using var dir = new TempDirectory();
        var segments = await WriteAsync(dir);
        var middle = segments[1];
        var first = FirstSequence(middle);
        var starts = LogFiles.RecordStarts(middle);
        var k = starts.Count / 2;
        var (start, end) = (starts[k], starts[k + 1]);
        Damage(middle, start, end, damage);
        var damaged = File.ReadAllBytes(middle)[(int)start..(int)end];
        var hashes = Hashes(segments);

        // verify, before the log is opened and after: the same one problem, naming the segment and the byte range.
        var expected = $"{middle}: bytes {start} to {end - 1} ({end - start} bytes) are damaged, 1 record unreadable (sequence {first + k}): {reason}";
        AssertVerifiedDamage(dir, expected, first + k, end - start);

        var observer = new RecordingObserver();
        var (records, status) = await Payloads.ReplayAsync(dir.Options(segmentMaxBytes: SegmentMaxBytes), observer);

        AssertSurvivors(records, except: [first + k]);
        Assert.Equal(hashes, Hashes(segments));
        Assert.Equal((1L, end - start, 0L, 0L), (status.CorruptRecords, status.CorruptBytes, status.MissingRecords, status.TruncatedBytes));
        Assert.Equal((Count - 1L, (long)Count), (status.RecordCount, status.NextSequence));
        var reported = Assert.Single(observer.Damaged);
        var quarantined = Path.Combine(dir.Quarantine, $"{Path.GetFileName(middle)}@{start}.bin");
        Assert.Equal((middle, start, end - start, 1L, first + k, quarantined), (reported.Segment, reported.Offset, reported.Length, reported.Records, reported.FirstSequence, reported.QuarantinePath));
        Assert.StartsWith(reason, reported.Reason, StringComparison.Ordinal);
        Assert.Equal([Path.GetFileName(quarantined)], dir.QuarantineFiles());
        Assert.Equal(damaged, File.ReadAllBytes(quarantined));
        Assert.Empty(observer.Recovered);
        Assert.Empty(observer.Missing);
        AssertVerifiedDamage(dir, expected, first + k, end - start);

        // A second start finds (and reports) the same damage, and leaves its quarantine copy as it is.
        var written = File.GetLastWriteTimeUtc(quarantined);
        var again = new RecordingObserver();
        var (reread, _) = await Payloads.ReplayAsync(dir.Options(segmentMaxBytes: SegmentMaxBytes), again);
        AssertSurvivors(reread, except: [first + k]);
        Assert.Equal(quarantined, Assert.Single(again.Damaged).QuarantinePath);
        Assert.Equal([Path.GetFileName(quarantined)], dir.QuarantineFiles());
        Assert.Equal(written, File.GetLastWriteTimeUtc(quarantined));
        Assert.Equal(hashes, Hashes(segments));
    }

    [Fact]
    public async Task Gap_MiddleSegmentDeleted_IsCountedAndReportedAndEveryOtherRecordSurvives()
    {
        using var dir = new TempDirectory();
        var segments = await WriteAsync(dir);
        var (from, to) = (FirstSequence(segments[1]), FirstSequence(segments[2]) - 1);
        File.Delete(segments[1]);

        var expected = $"{segments[2]}: sequences {from} to {to} are missing ({to - from + 1} records): 00000000000000000000.log ends before sequence {from} (a segment removed, or it was cut short)";
        var before = EventLogReader.Verify(dir.Path);
        Assert.Equal([expected], before.Problems);
        Assert.Equal((to - from + 1, 0L), (before.MissingRecords, before.CorruptRecords));

        var observer = new RecordingObserver();
        var (records, status) = await Payloads.ReplayAsync(dir.Options(segmentMaxBytes: SegmentMaxBytes), observer);

        AssertSurvivors(records, except: [.. Range(from, to)]);
        Assert.Equal((0L, 0L, to - from + 1, 0L), (status.CorruptRecords, status.CorruptBytes, status.MissingRecords, status.TruncatedBytes));
        Assert.Equal(Count, status.NextSequence);
        var gap = Assert.Single(observer.Missing);
        Assert.Equal((from, to, segments[2]), (gap.FirstSequence, gap.LastSequence, gap.Segment));
        Assert.Empty(observer.Damaged);
        Assert.Empty(dir.QuarantineFiles());
        Assert.Equal([expected], EventLogReader.Verify(dir.Path).Problems);
    }

    [Fact]
    public async Task Gap_FirstSegmentDeleted_IsCountedFromSequenceZero()
    {
        using var dir = new TempDirectory();
        var segments = await WriteAsync(dir);
        var missing = FirstSequence(segments[1]);
        File.Delete(segments[0]);

        var (records, status) = await Payloads.ReplayAsync(dir.Options(segmentMaxBytes: SegmentMaxBytes));

        AssertSurvivors(records, except: [.. Range(0, missing - 1)]);
        Assert.Equal(missing, status.MissingRecords);
        Assert.Equal(
            [$"{segments[1]}: sequences 0 to {missing - 1} are missing ({missing} records): the first segment starts at sequence {missing}, not 0 (earlier segments removed)"],
            EventLogReader.Verify(dir.Path).Problems);
    }

    [Fact]
    public async Task Truncation_SealedSegmentCutMidRecord_KeepsItsRecordsQuarantinesThePartOneAndCountsTheRestMissing()
    {
        using var dir = new TempDirectory();
        var segments = await WriteAsync(dir);
        var middle = segments[1];
        var first = FirstSequence(middle);
        var next = FirstSequence(segments[2]);
        var starts = LogFiles.RecordStarts(middle);
        var k = starts.Count / 2;
        var cut = starts[k] + 30;
        LogFiles.Truncate(middle, cut);
        var partial = File.ReadAllBytes(middle)[(int)starts[k]..];
        var hashes = Hashes(segments);

        string[] expected =
        [
            $"{middle}: bytes {starts[k]} to {cut - 1} (30 bytes) are damaged, 1 record unreadable (sequence {first + k}): incomplete record (30 of ",
            $"{segments[2]}: sequences {first + k + 1} to {next - 1} are missing ({next - first - k - 1} records): {Path.GetFileName(middle)} ends before sequence {first + k + 1} (a segment removed, or it was cut short)",
        ];
        AssertProblems(expected, EventLogReader.Verify(dir.Path));

        var observer = new RecordingObserver();
        var (records, status) = await Payloads.ReplayAsync(dir.Options(segmentMaxBytes: SegmentMaxBytes), observer);

        AssertSurvivors(records, except: [.. Range(first + k, next - 1)]);
        Assert.Equal(hashes, Hashes(segments));
        Assert.Equal((1L, 30L, next - first - k - 1, 0L), (status.CorruptRecords, status.CorruptBytes, status.MissingRecords, status.TruncatedBytes));
        Assert.Equal(partial, File.ReadAllBytes(Path.Combine(dir.Quarantine, $"{Path.GetFileName(middle)}@{starts[k]}.bin")));
        Assert.Equal((first + k + 1, next - 1), (Assert.Single(observer.Missing).FirstSequence, observer.Missing.Single().LastSequence));
        AssertProblems(expected, EventLogReader.Verify(dir.Path));
    }

    [Fact]
    public async Task Truncation_SealedSegmentCutAtARecordBoundary_IsAGapOnly()
    {
        using var dir = new TempDirectory();
        var segments = await WriteAsync(dir);
        var first = FirstSequence(segments[1]);
        var next = FirstSequence(segments[2]);
        var starts = LogFiles.RecordStarts(segments[1]);
        LogFiles.Truncate(segments[1], starts[10]);

        var (records, status) = await Payloads.ReplayAsync(dir.Options(segmentMaxBytes: SegmentMaxBytes));

        AssertSurvivors(records, except: [.. Range(first + 10, next - 1)]);
        Assert.Equal((0L, next - first - 10), (status.CorruptRecords, status.MissingRecords));
        Assert.Equal(segments[2], Assert.Single(EventLogReader.Verify(dir.Path).Gaps).Segment);
    }

    [Fact]
    public async Task Truncation_LastSegmentCutMidRecord_IsATornTailCutAfterACopyToQuarantine()
    {
        using var dir = new TempDirectory();
        var segments = await WriteAsync(dir);
        var last = segments[^1];
        var starts = LogFiles.RecordStarts(last);
        var full = new FileInfo(last).Length - starts[^1];
        LogFiles.Truncate(last, starts[^1] + 40);
        var torn = File.ReadAllBytes(last)[(int)starts[^1]..];

        var before = EventLogReader.Verify(dir.Path);
        Assert.Equal(
            [$"{last} at offset {starts[^1]}: torn tail: incomplete record (40 of {full} bytes); 40 bytes from there on are unreadable (the next start cuts them)"],
            before.Problems);

        var observer = new RecordingObserver();
        var (records, status) = await Payloads.ReplayAsync(dir.Options(segmentMaxBytes: SegmentMaxBytes), observer);

        AssertSurvivors(records, except: [Count - 1]);
        Assert.Equal(starts[^1], new FileInfo(last).Length);
        Assert.Equal((0L, 0L, 0L, 40L), (status.CorruptRecords, status.CorruptBytes, status.MissingRecords, status.TruncatedBytes));
        Assert.Equal((last, starts[^1], 40L), (observer.Recovered.Single().Path, observer.Recovered.Single().Offset, observer.Recovered.Single().Dropped));
        Assert.Empty(observer.Damaged);
        Assert.Equal(torn, File.ReadAllBytes(Path.Combine(dir.Quarantine, $"{Path.GetFileName(last)}@{starts[^1]}.bin")));
        Assert.True(EventLogReader.Verify(dir.Path).IsHealthy);
    }

    [Fact]
    public async Task Readers_DamageInASealedSegment_AllSkipTheSameRecordsAsRecovery()
    {
        using var dir = new TempDirectory();
        var segments = await WriteAsync(dir);
        var starts = LogFiles.RecordStarts(segments[0]);
        LogFiles.FlipPayloadByte(segments[0], starts[5]);
        Damage(segments[1], LogFiles.RecordStarts(segments[1])[3], LogFiles.RecordStarts(segments[1])[4], "length field huge");
        long[] lost = [5, FirstSequence(segments[1]) + 3];
        var expected = Enumerable.Range(0, Count).Select(i => (long)i).Except(lost).ToList();

        Assert.Equal(expected, EventLogReader.Read(dir.Path).Select(r => r.Sequence));
        Assert.Equal(expected.Where(s => s >= 30), EventLogReader.Read(dir.Path, 30).Select(r => r.Sequence));
        var cursor = new EventLogCursor(dir.Path);
        var fromCursor = new List<long>();
        while (cursor.ReadAvailable((sequence, _) => fromCursor.Add(sequence)) > 0)
        {
        }

        Assert.Equal(expected, fromCursor);
        Assert.Equal(Count, cursor.NextSequence);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var followed = new List<long>();
        await foreach (var record in EventLogReader.FollowAsync(dir.Path, 0, TimeSpan.FromMilliseconds(20), cancel.Token))
        {
            followed.Add(record.Sequence);
            if (record.Sequence == Count - 1)
            {
                break;
            }
        }

        Assert.Equal(expected, followed);
        Assert.Equal(Count, EventLogReader.NextSequence(dir.Path));
        var (replayed, _) = await Payloads.ReplayAsync(dir.Options(segmentMaxBytes: SegmentMaxBytes));
        Assert.Equal(expected, replayed.Select(r => r.Sequence));
        Assert.Equal(lost, EventLogReader.Verify(dir.Path).Damage.Select(d => d.FirstSequence));
    }

    /// <summary>A log of <see cref="Count"/> records, record i holding <see cref="Payloads.Event"/>(i), in three segments.</summary>
    internal static async Task<string[]> WriteAsync(TempDirectory dir)
    {
        await using (var log = EventLog.Open(dir.Options(segmentMaxBytes: SegmentMaxBytes)))
        {
            for (var i = 0; i < Count; i++)
            {
                await log.AppendAsync(Payloads.Event(i));
            }
        }

        var segments = dir.Segments();
        Assert.Equal(3, segments.Length);
        return segments;
    }

    internal static long FirstSequence(string segment) =>
        long.Parse(Path.GetFileNameWithoutExtension(segment), CultureInfo.InvariantCulture);

    /// <summary>Damages the record at [<paramref name="start"/>, <paramref name="end"/>) without adding or removing a line break.</summary>
    internal static void Damage(string segment, long start, long end, string how)
    {
        var bytes = File.ReadAllBytes(segment);
        var length = int.Parse(System.Text.Encoding.ASCII.GetString(bytes, (int)start, 8), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        Assert.Equal(end - start, length + 19);
        switch (how)
        {
            case "one byte":
                LogFiles.FlipPayloadByte(segment, start);
                break;
            case "eight bytes":
                // Bit 0 of eight payload bytes: JSON text never turns into a line break that way.
                var payload = bytes.AsSpan((int)start + 18 + 20, 8).ToArray();
                LogFiles.Overwrite(segment, start + 18 + 20, payload.Select(b => (byte)(b ^ 1)).ToArray());
                break;
            case "length field shorter":
                LogFiles.Overwrite(segment, start, System.Text.Encoding.ASCII.GetBytes((length - 1).ToString("x8", CultureInfo.InvariantCulture)));
                break;
            case "length field longer":
                LogFiles.Overwrite(segment, start, System.Text.Encoding.ASCII.GetBytes((length + 1).ToString("x8", CultureInfo.InvariantCulture)));
                break;
            default:
                LogFiles.Overwrite(segment, start, "7fffff00"u8);
                break;
        }
    }

    private static void AssertSurvivors(List<(long Sequence, string Payload)> records, long[] except) =>
        Assert.Equal(
            Enumerable.Range(0, Count).Where(i => !except.Contains(i)).Select(i => ((long)i, Payloads.Text(Payloads.Event(i)))),
            records);

    private static void AssertVerifiedDamage(TempDirectory dir, string expected, long sequence, long bytes)
    {
        var verification = EventLogReader.Verify(dir.Path);
        Assert.False(verification.IsHealthy);
        AssertProblems([expected], verification);
        Assert.Equal((Count - 1L, 1L, bytes, 0L), (verification.Records, verification.CorruptRecords, verification.CorruptBytes, verification.MissingRecords));
        Assert.Equal(sequence, Assert.Single(verification.Damage).FirstSequence);
    }

    private static void AssertProblems(string[] expectedStarts, EventLogVerification verification)
    {
        Assert.Equal(expectedStarts.Length, verification.Problems.Count);
        for (var i = 0; i < expectedStarts.Length; i++)
        {
            Assert.StartsWith(expectedStarts[i], verification.Problems[i], StringComparison.Ordinal);
        }
    }

    private static long[] Range(long from, long to) => [.. Enumerable.Range((int)from, (int)(to - from + 1)).Select(i => (long)i)];

    private static List<string> Hashes(string[] segments) =>
        [.. segments.Select(s => File.Exists(s) ? Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(s))) : "gone")];
}
