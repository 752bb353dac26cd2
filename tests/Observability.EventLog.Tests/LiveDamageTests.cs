using System.Text;
using Observability.EventLog.Internal;
using Observability.EventLog.Tests.Support;

namespace Observability.EventLog.Tests;

/// <summary>
/// The live segment, where a writer may be appending: a reader must never skip a record that is still being written
/// (it waits), and must skip real damage once a valid record after it proves it, without waiting for the next segment.
/// </summary>
public sealed class LiveDamageTests
{
    private const int Records = 5;

    [Fact]
    public async Task Readers_RecordStillBeingWrittenBeforeZeros_WaitForItAndReadItOnceWhole()
    {
        using var dir = new TempDirectory();
        var segment = await WriteAsync(dir);
        var record = Frame(Payloads.Event(Records));
        var end = new FileInfo(segment).Length;

        // Its first half is written, the rest of the file is the writer's preallocated zeros.
        LogFiles.Append(segment, record.AsSpan(0, record.Length / 2));
        LogFiles.AppendZeros(segment, 8192);
        var cursor = new EventLogCursor(dir.Path);
        var seen = new List<long>();

        Assert.Equal(Records, cursor.ReadAvailable((s, _) => seen.Add(s)));
        Assert.Equal(Records, EventLogReader.Read(dir.Path).Count());
        Assert.Equal(Records, EventLogReader.NextSequence(dir.Path));
        Assert.Equal(0, cursor.ReadAvailable((s, _) => seen.Add(s)));

        LogFiles.Overwrite(segment, end, record);

        Assert.Equal(1, cursor.ReadAvailable((s, _) => seen.Add(s)));
        Assert.Equal(Enumerable.Range(0, Records + 1).Select(i => (long)i), seen);
        Assert.Equal(Records + 1, EventLogReader.Read(dir.Path).Count());
    }

    [Fact]
    public async Task Readers_ValidFrameAfterZerosInsideARecordStillBeingWritten_IsNoProofOfDamage()
    {
        // What a read racing the writer can see: the page holding the end of the record not written yet (zeros) and a
        // later page, with the next record, already written.
        using var dir = new TempDirectory();
        var segment = await WriteAsync(dir);
        var record = Frame(Payloads.Event(Records));
        var next = Frame(Payloads.Event(Records + 1));
        var end = new FileInfo(segment).Length;
        LogFiles.Append(segment, [.. record.AsSpan(0, 30), .. new byte[record.Length - 30], .. next]);
        var cursor = new EventLogCursor(dir.Path);
        var seen = new List<long>();

        Assert.Equal(Records, cursor.ReadAvailable((s, _) => seen.Add(s)));
        Assert.Equal(Records, EventLogReader.Read(dir.Path).Count());
        Assert.Equal(0, cursor.ReadAvailable((s, _) => seen.Add(s)));

        LogFiles.Overwrite(segment, end, record);

        Assert.Equal(2, cursor.ReadAvailable((s, _) => seen.Add(s)));
        Assert.Equal(Enumerable.Range(0, Records + 2).Select(i => (long)i), seen);
    }

    [Fact]
    public async Task Scanner_RecordReadHalfWrittenThenWholeOnAFreshRead_IsARecordNotDamage()
    {
        // The scanner's buffer holds a stale view of a record (read while it was written); the file now holds it whole,
        // and a valid frame after it. The fresh read that confirms damage finds the record instead.
        using var dir = new TempDirectory();
        var segment = await WriteAsync(dir);
        var starts = LogFiles.RecordStarts(segment);
        var original = File.ReadAllBytes(segment)[(int)starts[2]..(int)starts[3]];
        LogFiles.FlipPayloadByte(segment, starts[2]);

        using var scanner = SegmentScanner.Open(segment, SegmentRole.Live);
        Assert.Equal(ScanOutcome.Record, scanner.Next(out _));
        LogFiles.Overwrite(segment, starts[2], original);

        var outcomes = new List<ScanOutcome>();
        for (var outcome = scanner.Next(out _); outcome != ScanOutcome.End; outcome = scanner.Next(out _))
        {
            outcomes.Add(outcome);
        }

        Assert.Equal(Enumerable.Repeat(ScanOutcome.Record, Records - 1), outcomes);
    }

    [Fact]
    public async Task Readers_DamagedRecordInTheLiveSegmentWithAValidOneAfter_SkipItWithoutWaitingForANewSegment()
    {
        using var dir = new TempDirectory();
        var segment = await WriteAsync(dir);
        var starts = LogFiles.RecordStarts(segment);
        LogFiles.FlipPayloadByte(segment, starts[2]);
        long[] expected = [0, 1, 3, 4];

        var cursor = new EventLogCursor(dir.Path);
        var seen = new List<long>();
        Assert.Equal(4, cursor.ReadAvailable((s, _) => seen.Add(s)));
        Assert.Equal(expected, seen);
        Assert.Equal(Records, cursor.NextSequence);
        Assert.Equal(expected, EventLogReader.Read(dir.Path).Select(r => r.Sequence));
        Assert.Equal(Records, EventLogReader.NextSequence(dir.Path));

        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var followed = new List<long>();
        await foreach (var record in EventLogReader.FollowAsync(dir.Path, 0, TimeSpan.FromMilliseconds(20), cancel.Token))
        {
            followed.Add(record.Sequence);
            if (record.Sequence == Records - 1)
            {
                break;
            }
        }

        Assert.Equal(expected, followed);
    }

    [Fact]
    public async Task Readers_DamagedLastRecordOfTheLiveSegment_WaitAsForARecordStillBeingWritten()
    {
        // Nothing after it proves it damaged: the next open will cut it as a torn tail; until then readers stop there.
        using var dir = new TempDirectory();
        var segment = await WriteAsync(dir);
        LogFiles.FlipPayloadByte(segment, LogFiles.RecordStarts(segment)[^1]);

        Assert.Equal(Records - 1, EventLogReader.Read(dir.Path).Count());
        Assert.Equal(Records - 1, EventLogReader.NextSequence(dir.Path));
        var cursor = new EventLogCursor(dir.Path);
        Assert.Equal(Records - 1, cursor.ReadAvailable((_, _) => { }));
        Assert.Equal(Records - 1, cursor.NextSequence);
    }

    [Fact]
    public async Task Cursor_DamageJustBeforeItsBound_NeverHandsOverARecordAtOrPastTheBound()
    {
        using var dir = new TempDirectory();
        var segment = await WriteAsync(dir);
        var starts = LogFiles.RecordStarts(segment);
        LogFiles.FlipPayloadByte(segment, starts[1]);
        LogFiles.FlipPayloadByte(segment, starts[2]);
        var cursor = new EventLogCursor(dir.Path);
        var seen = new List<long>();

        Assert.Equal((1, "0"), (cursor.ReadAvailable((s, _) => seen.Add(s), untilSequence: 2), string.Join(",", seen)));
        Assert.Equal(0, cursor.ReadAvailable((s, _) => seen.Add(s), untilSequence: 3));
        Assert.Equal(1, cursor.ReadAvailable((s, _) => seen.Add(s), untilSequence: 4));
        Assert.Equal(1, cursor.ReadAvailable((s, _) => seen.Add(s)));

        Assert.Equal([0L, 3, 4], seen);
    }

    private static async Task<string> WriteAsync(TempDirectory dir)
    {
        await using (var log = EventLog.Open(dir.Options()))
        {
            for (var i = 0; i < Records; i++)
            {
                await log.AppendAsync(Payloads.Event(i));
            }
        }

        return dir.Segments()[^1];
    }

    private static byte[] Frame(byte[] payload)
    {
        var frame = new byte[payload.Length + 19];
        RecordFormat.Encode(payload, frame);
        Assert.Equal((byte)'\n', frame[^1]);
        Assert.Equal(-1, Encoding.UTF8.GetString(payload).IndexOf('\n', StringComparison.Ordinal));
        return frame;
    }
}
