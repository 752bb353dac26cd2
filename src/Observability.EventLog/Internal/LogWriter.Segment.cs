namespace Observability.EventLog.Internal;

/// <content>The segment file itself: preallocating, rolling to a new one, cutting back after a failure, closing.</content>
internal sealed partial class LogWriter
{
    /// <summary>Written over and over to zero-fill preallocated space.</summary>
    private static readonly byte[] Zeros = new byte[64 * 1024];

    /// <summary>Preallocated space ends on a page boundary (unless the segment's maximum size comes first).</summary>
    private const long PageSize = 4096;

    private void PrepareSegment(int length)
    {
        if (_needsRepair)
        {
            Repair();
        }

        // After a failed group the next one starts a new segment: a follower may have read the failed group's bytes,
        // and offsets it has seen are never written again. The old segment ends, sealed, at its last committed record,
        // shorter than where such a follower stands, which is how it notices.
        if ((_rollAfterFailure || _segmentLength + length > _segmentMaxBytes) && _segmentLength > 0)
        {
            Roll();
        }

        _rollAfterFailure = false;
    }

    /// <summary>
    /// Makes sure the segment is zero-filled and fsynced up to <paramref name="end"/>, extending it by a whole step if
    /// not, and leaves the stream at the end of the data. False when the group will grow the file instead:
    /// preallocation is off, or the group is a record or batch larger than a segment on its own.
    /// </summary>
    /// <param name="end">Where the group about to be written ends.</param>
    /// <param name="syncDuration">Time spent in the extension's fsync, zero when there was none.</param>
    private bool Reserve(long end, out TimeSpan syncDuration)
    {
        syncDuration = TimeSpan.Zero;
        if (end <= _preallocatedEnd)
        {
            return true;
        }

        if (_preallocationBytes == 0)
        {
            return false;
        }

        var step = Math.Max(end, _preallocatedEnd + _preallocationBytes);
        var target = Math.Min((step + PageSize - 1) / PageSize * PageSize, _segmentMaxBytes);
        if (target < end)
        {
            return false;
        }

        // Real zeros, not fallocate: an unwritten extent would need a journal commit on its first write anyway. One full
        // fsync per step makes the blocks and the new size durable, so the data writes into them need only fdatasync.
        var started = 0L;
        try
        {
            _stream.Position = _preallocatedEnd;
            for (var remaining = target - _preallocatedEnd; remaining > 0; remaining -= Zeros.Length)
            {
                _stream.Write(Zeros, 0, (int)Math.Min(Zeros.Length, remaining));
            }

            started = _time.GetTimestamp();
            _stream.Flush(flushToDisk: true);
        }
        catch (IOException)
        {
            // A disk too full for a whole step may still hold this group: give the step back and grow the file by the
            // group alone (with a full fsync). If that fails too, the group fails with the reason.
            _stream.SetLength(Math.Max(_preallocatedEnd, _segmentLength));
            _stream.Position = _segmentLength;
            return false;
        }

        syncDuration = _time.GetElapsedTime(started);
        _preallocatedEnd = target;
        _stream.Position = _segmentLength;
        return true;
    }

    private void Roll()
    {
        // A sealed segment ends at its last record: its zero tail is cut, durably, before the next segment exists, so
        // only the last segment can ever end in zeros (which recovery then knows to be unused space, not damage). The
        // fsync is unconditional so that a retry after a failed one still makes the cut durable first.
        Seal();
        if (_fsync)
        {
            _stream.Flush(flushToDisk: true);
        }

        // Sequences are dense within a segment, so the next sequence names the new file. Its directory entry becomes
        // durable with the first fsync of the file: on ext4 that commits the journal transaction that created it.
        var path = SegmentFiles.PathFor(_directory, _nextSequence);
        var next = _streams(path, FileMode.CreateNew);
        var previous = _stream;
        _stream = next;
        _segmentLength = 0;
        _preallocatedEnd = 0;
        if (_droppedEnd >= 0)
        {
            // Sealed and fsynced: the whole segment is read again only by a replay or a follower catching up.
            PageCache.Drop(previous, 0, 0);
            _droppedEnd = 0;
        }

        previous.Dispose();
        _state.SegmentCreated();
        _observer.OnSegmentCreated(path);
    }

    /// <summary>Cuts the preallocated zeros off the segment; the caller fsyncs.</summary>
    private void Seal()
    {
        if (_preallocatedEnd > _segmentLength)
        {
            _stream.SetLength(_segmentLength);
            _stream.Position = _segmentLength;
            _preallocatedEnd = _segmentLength;
        }
    }

    private void Repair()
    {
        // Drops the preallocated space too: what a failed group left in it is not zeros any more. The next group
        // extends again, with a full fsync.
        _stream.SetLength(_segmentLength);
        _stream.Position = _segmentLength;
        _preallocatedEnd = _segmentLength;
        _droppedEnd = Math.Min(_droppedEnd, _segmentLength / PageSize * PageSize);
        _needsRepair = false;
    }

    private void TryRepair()
    {
        try
        {
            Repair();
        }
        catch (Exception)
        {
            // Still broken: the next group repairs first, and fails with the reason if it cannot.
        }
    }

    private void Close()
    {
        try
        {
            if (_needsRepair)
            {
                Repair();
            }

            Seal();

            // Also with Fsync off: a clean shutdown should leave nothing in the page cache.
            _stream.Flush(flushToDisk: true);
        }
        catch (Exception exception)
        {
            // Disposal reports the failure instead of throwing it.
            _state.Failed(exception);
            _observer.OnWriteFailed(exception);
        }
        finally
        {
            _stream.Dispose();
        }
    }
}
