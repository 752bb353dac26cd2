using System.Threading.Channels;

namespace Observability.EventLog.Internal;

/// <summary>
/// The one loop that owns the segment file: it drains every queued append into a group, writes the group with as
/// few write calls as possible, fsyncs once, assigns sequence numbers in write order, and only then completes the
/// appends. Runs on its own thread because its work is blocking file I/O.
/// </summary>
/// <remarks>
/// <para>
/// With fsync on, the segment is kept zero-filled and fsynced ahead of the records (see
/// <see cref="EventLogOptions.PreallocationBytes"/>): a group then overwrites allocated blocks without changing the
/// file's size, and <c>fdatasync</c> makes it durable without the journal commit a full fsync pays for the size and
/// modification time. Writes go at <c>_segmentLength</c>, the end of the data, never at the end of the file.
/// </para>
/// <para>
/// A failed write or fsync faults the whole group and cuts the segment back to its last committed length, so a
/// partial record never sits in front of later appends; the next group tries again.
/// </para>
/// </remarks>
internal sealed partial class LogWriter
{
    /// <summary>Bounds one group so the first append in it is not held back by an unbounded copy.</summary>
    private const long MaxGroupBytes = 4L << 20;

    /// <summary>Durable pages are given back to the kernel in steps of this many bytes: one system call per step.</summary>
    private const long DropStepBytes = 1L << 20;

    private readonly ChannelReader<PendingAppend> _queue;
    private readonly string _directory;
    private readonly long _segmentMaxBytes;
    private readonly bool _fsync;
    private readonly long _preallocationBytes;
    private readonly SegmentStreamFactory _streams;
    private readonly SegmentDataSync _syncData;
    private readonly LogState _state;
    private readonly SafeObserver _observer;
    private readonly TimeProvider _time;
    private readonly List<PendingAppend> _group = [];
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private FileStream _stream;
    private long _segmentLength;
    private long _preallocatedEnd;

    // Where the pages given back to the kernel end (a page boundary), or -1 when written pages stay cached.
    private long _droppedEnd;
    private long _nextSequence;
    private bool _needsRepair;
    private bool _rollAfterFailure;
    private PendingAppend? _carry;

    public LogWriter(
        ChannelReader<PendingAppend> queue,
        string directory,
        EventLogOptions options,
        FileStream stream,
        long segmentLength,
        long nextSequence,
        SegmentStreamFactory streams,
        SegmentDataSync syncData,
        LogState state,
        SafeObserver observer,
        TimeProvider time)
    {
        _queue = queue;
        _directory = directory;
        _segmentMaxBytes = options.SegmentMaxBytes;
        _fsync = options.Fsync;

        // Without fsync there is no journal commit to save, only zeros to write.
        _preallocationBytes = options.Fsync ? options.PreallocationBytes : 0;
        _stream = stream;
        _segmentLength = segmentLength;
        _preallocatedEnd = segmentLength;
        _droppedEnd = options.Fsync && !options.CacheWrittenPages ? 0 : -1;
        _nextSequence = nextSequence;
        _streams = streams;
        _syncData = syncData;
        _state = state;
        _observer = observer;
        _time = time;
    }

    /// <summary>Completes when the queue is completed and drained and the file is fsynced and closed.</summary>
    public Task Stopped => _stopped.Task;

    public void Start() => new Thread(Run) { IsBackground = true, Name = "event-log writer" }.Start();

    private void Run()
    {
        var buffer = new GroupBuffer();
        try
        {
            while (TryTake(out var first))
            {
                Commit(first, buffer);
            }
        }
        finally
        {
            Close();
            buffer.Dispose();
            _stopped.TrySetResult();
        }
    }

    private bool TryTake(out PendingAppend item)
    {
        if (_carry is { } carried)
        {
            _carry = null;
            item = carried;
            return true;
        }

        while (true)
        {
            if (_queue.TryRead(out item!))
            {
                return true;
            }

            if (!ChannelWaits.WaitToRead(_queue))
            {
                return false;
            }
        }
    }

    private void Commit(PendingAppend first, GroupBuffer buffer)
    {
        _group.Add(first);
        try
        {
            PrepareSegment(first.Length);
            long bytes = first.Length;
            var records = first.Records;
            while (bytes < MaxGroupBytes && _queue.TryRead(out var next))
            {
                if (_segmentLength + bytes + next.Length > _segmentMaxBytes)
                {
                    // Records never span segments: this one opens the next group, which rolls first.
                    _carry = next;
                    break;
                }

                _group.Add(next);
                bytes += next.Length;
                records += next.Records;
            }

            var started = _time.GetTimestamp();
            var reserved = Reserve(_segmentLength + bytes, out var reserveSync);
            foreach (var item in _group)
            {
                buffer.Append(_stream, item.Frames);
            }

            buffer.Flush(_stream);
            var written = _time.GetTimestamp();
            if (_fsync)
            {
                if (reserved)
                {
                    _syncData(_stream);
                }
                else
                {
                    _stream.Flush(flushToDisk: true);
                }
            }

            var synced = _time.GetTimestamp();
            var fsyncDuration = _time.GetElapsedTime(written, synced) + reserveSync;
            Succeed(records, bytes, _time.GetElapsedTime(started, written) - reserveSync, fsyncDuration);
            DropDurablePages();
        }
        catch (Exception exception)
        {
            // Whatever failed, the callers get it and the loop lives on to try the next group.
            buffer.Clear();
            Fail(exception);
        }
        finally
        {
            foreach (var item in _group)
            {
                item.ReturnBuffer();
            }

            _group.Clear();
        }
    }

    // The whole pages behind the data, durable now, are read again only by a replay. Not the page the data ends in (the
    // next group writes into it) nor the preallocated zeros ahead (a write into a dropped page would read it back first).
    private void DropDurablePages()
    {
        var end = _segmentLength / PageSize * PageSize;
        if (_droppedEnd >= 0 && end - _droppedEnd >= DropStepBytes)
        {
            PageCache.Drop(_stream, _droppedEnd, end - _droppedEnd);
            _droppedEnd = end;
        }
    }

    private void Succeed(int records, long bytes, TimeSpan writeDuration, TimeSpan fsyncDuration)
    {
        _segmentLength += bytes;
        _preallocatedEnd = Math.Max(_preallocatedEnd, _segmentLength);
        var sequence = _nextSequence;
        _nextSequence += records;
        _state.Committed(records, bytes, _nextSequence);

        // Observers hear of the group before any caller resumes, so counts never lag behind acknowledged appends.
        _observer.OnAppended(records, bytes, writeDuration, fsyncDuration);
        var first = sequence;
        foreach (var item in _group)
        {
            if (item.OnDurable is { } onDurable)
            {
                try
                {
                    onDurable(sequence);
                }
                catch (Exception exception) when (exception is not OutOfMemoryException)
                {
                    // The records are durable whatever the callback does; the loop must live on.
                }
            }

            sequence += item.Records;
        }

        foreach (var item in _group)
        {
            item.Completion.TrySetResult(first);
            first += item.Records;
        }
    }

    private void Fail(Exception exception)
    {
        _needsRepair = true;
        _rollAfterFailure = true;
        TryRepair();
        _state.Failed(exception);
        _observer.OnWriteFailed(exception);
        foreach (var item in _group)
        {
            item.Completion.TrySetException(exception);
        }
    }
}
