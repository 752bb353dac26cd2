using Observability.EventLog.Tests.Support;

namespace Observability.EventLog.Tests;

/// <summary>Failed writes and fsyncs, injected through the segment stream seam.</summary>
public sealed class WriteFailureTests
{
    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public async Task WriteOrFsyncFails_FaultsTheAppendThenRecoversWithoutLeavingAPartialRecord(bool failWrite, bool failFsync)
    {
        using var dir = new TempDirectory();
        var faults = new FaultyFileStream.Faults();
        var observer = new RecordingObserver();
        await using (var log = EventLog.OpenCore(dir.Options(), null, observer, null, faults.Open, faults.SyncData))
        {
            Assert.Equal(0, await log.AppendAsync(Payloads.Event(0)));
            faults.FailWrites = failWrite;
            faults.FailFsync = failFsync;

            var exception = await Assert.ThrowsAsync<IOException>(async () => await log.AppendAsync(Payloads.Event(1)));
            await Assert.ThrowsAsync<IOException>(async () => await log.AppendBatchAsync([Payloads.Event(2), Payloads.Event(3)]));

            Assert.StartsWith("injected", exception.Message, StringComparison.Ordinal);
            Assert.False(log.Status.IsWritable);
            Assert.Equal(exception.Message, log.Status.LastWriteError);
            Assert.Equal(1, log.Status.RecordCount);
            Assert.Equal(2, observer.WriteFailures.Count);

            faults.FailWrites = false;
            faults.FailFsync = false;
            Assert.Equal(1, await log.AppendAsync(Payloads.Event(4)));
            Assert.True(log.Status.IsWritable);
            Assert.Equal(2, log.Status.RecordCount);
        }

        var (records, status) = await Payloads.ReplayAsync(dir.Options());
        Assert.Equal([(0L, Payloads.Text(Payloads.Event(0))), (1L, Payloads.Text(Payloads.Event(4)))], records);
        Assert.Equal(0, status.TruncatedBytes);
        Assert.True(EventLogReader.Verify(dir.Path).IsHealthy);
    }

    [Fact]
    public async Task FailedGroup_NextGroupStartsANewSegment_TheOldOneEndsAtItsLastCommittedRecord()
    {
        using var dir = new TempDirectory();
        var faults = new FaultyFileStream.Faults();
        long committed;
        await using (var log = EventLog.OpenCore(dir.Options(), null, null, null, faults.Open, faults.SyncData))
        {
            await log.AppendAsync(Payloads.Event(0));
            committed = log.Status.Bytes;
            faults.FailFsync = true;
            await Assert.ThrowsAsync<IOException>(async () => await log.AppendAsync(Payloads.Event(1)));
            faults.FailFsync = false;

            Assert.Equal(1, await log.AppendAsync(Payloads.Event(2)));

            // A follower that read the failed group's bytes sees the first segment end before where it stands.
            Assert.Equal(2, log.Status.Segments);
            Assert.Equal(committed, new FileInfo(dir.Segments()[0]).Length);
        }

        var (records, _) = await Payloads.ReplayAsync(dir.Options());
        Assert.Equal([(0L, Payloads.Text(Payloads.Event(0))), (1L, Payloads.Text(Payloads.Event(2)))], records);
    }

    [Fact]
    public async Task PreallocationStepFails_GroupGrowsTheFileInsteadAndIsStored()
    {
        using var dir = new TempDirectory();
        var faults = new FaultyFileStream.Faults { FailZeroFill = true };
        await using (var log = EventLog.OpenCore(dir.Options(), null, null, null, faults.Open, faults.SyncData))
        {
            // No step can be zero-filled, as on a disk too full for 4 MiB: every group still lands, growing the file.
            for (var i = 0; i < 5; i++)
            {
                Assert.Equal(i, await log.AppendAsync(Payloads.Event(i)));
            }

            Assert.True(log.Status.IsWritable);
            Assert.Equal(log.Status.Bytes, new FileInfo(dir.Segments().Single()).Length);
        }

        var (records, status) = await Payloads.ReplayAsync(dir.Options());
        Assert.Equal(5, records.Count);
        Assert.Equal(0, status.TruncatedBytes);
    }

    [Fact]
    public async Task SegmentCreationFails_FaultsTheAppendThatNeededItThenRollsOnRetry()
    {
        using var dir = new TempDirectory();
        var faults = new FaultyFileStream.Faults();
        await using (var log = EventLog.OpenCore(dir.Options(segmentMaxBytes: 128), null, null, null, faults.Open))
        {
            Assert.Equal(0, await log.AppendAsync(Payloads.Event(0)));
            faults.FailCreate = true;

            await Assert.ThrowsAsync<IOException>(async () => await log.AppendAsync(Payloads.Event(1)));
            Assert.False(log.Status.IsWritable);

            faults.FailCreate = false;
            Assert.Equal(1, await log.AppendAsync(Payloads.Event(2)));
            Assert.Equal(2, log.Status.Segments);
        }

        Assert.Equal(["00000000000000000000.log", "00000000000000000001.log"], dir.Segments().Select(Path.GetFileName));
        Assert.Equal([0L, 1L], EventLogReader.Read(dir.Path).Select(r => r.Sequence));
    }
}
