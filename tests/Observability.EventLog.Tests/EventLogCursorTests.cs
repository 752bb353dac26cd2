using System.Text;
using Observability.EventLog.Tests.Support;

namespace Observability.EventLog.Tests;

public sealed class EventLogCursorTests
{
    [Fact]
    public async Task ReadAvailable_LogGrowsAcrossSegmentsWhileOpen_HandsOverEachRecordOnceInOrder()
    {
        using var dir = new TempDirectory();
        var cursor = new EventLogCursor(dir.Path);
        var seen = new List<(long Sequence, string Text)>();
        void Collect(long sequence, ReadOnlySpan<byte> payload) => seen.Add((sequence, Encoding.UTF8.GetString(payload)));

        await using (var log = EventLog.Open(dir.Options(segmentMaxBytes: 1024)))
        {
            for (var i = 0; i < 60; i++)
            {
                await log.AppendAsync(Payloads.Event(i));
                if (i % 7 == 0)
                {
                    cursor.ReadAvailable(Collect);
                }
            }

            cursor.ReadAvailable(Collect);
            Assert.Equal(60, seen.Count);
        }

        Assert.Equal(0, cursor.ReadAvailable(Collect));
        Assert.True(dir.Segments().Length > 3, "the test needs several segments");
        Assert.Equal(Enumerable.Range(0, 60).Select(i => (long)i), seen.Select(s => s.Sequence));
        Assert.Equal(Enumerable.Range(0, 60).Select(i => Payloads.Text(Payloads.Event(i))), seen.Select(s => s.Text));
        Assert.Equal(60, cursor.NextSequence);
        Assert.Equal(0, cursor.ReadAvailable(Collect));
    }

    [Fact]
    public async Task ReadAvailable_FromAndUntilSequence_ReadsExactlyThatRange()
    {
        using var dir = new TempDirectory();
        await using (var log = EventLog.Open(dir.Options(segmentMaxBytes: 1024)))
        {
            for (var i = 0; i < 50; i++)
            {
                await log.AppendAsync(Payloads.Event(i));
            }
        }

        var cursor = new EventLogCursor(dir.Path, fromSequence: 37);
        var seen = new List<long>();
        Assert.Equal(5, cursor.ReadAvailable((sequence, _) => seen.Add(sequence), untilSequence: 42));
        Assert.Equal(8, cursor.ReadAvailable((sequence, _) => seen.Add(sequence)));
        Assert.Equal(Enumerable.Range(37, 13).Select(i => (long)i), seen);
    }

    [Fact]
    public async Task ReadAvailable_RecordHalfWritten_WaitsAndReadsItOnceComplete()
    {
        using var dir = new TempDirectory();
        await using (var log = EventLog.Open(dir.Options()))
        {
            await log.AppendAsync(Payloads.Event(0));
        }

        var segment = dir.Segments().Single();
        var payload = Payloads.Event(1);
        var frame = new byte[Internal.RecordFormat.FramedLength(payload.Length)];
        Internal.RecordFormat.Encode(payload, frame);
        await using (var file = new FileStream(segment, FileMode.Append))
        {
            await file.WriteAsync(frame.AsMemory(0, frame.Length / 2));
        }

        var cursor = new EventLogCursor(dir.Path);
        var seen = new List<long>();
        Assert.Equal(1, cursor.ReadAvailable((sequence, _) => seen.Add(sequence)));
        Assert.Equal(0, cursor.ReadAvailable((sequence, _) => seen.Add(sequence)));

        await using (var file = new FileStream(segment, FileMode.Append))
        {
            await file.WriteAsync(frame.AsMemory(frame.Length / 2));
        }

        Assert.Equal(1, cursor.ReadAvailable((sequence, _) => seen.Add(sequence)));
        Assert.Equal([0L, 1L], seen);
    }

    [Fact]
    public void ReadAvailable_NoDirectoryYet_ReadsNothingAndStaysAtTheStart()
    {
        using var dir = new TempDirectory();
        var cursor = new EventLogCursor(Path.Combine(dir.Path, "not-yet"));

        Assert.Equal(0, cursor.ReadAvailable((_, _) => Assert.Fail("no records expected")));
        Assert.Equal(0, cursor.NextSequence);
    }
}
