namespace Observability.EventLog.Internal;

/// <content>The segment file itself: rolling to a new one, cutting back after a failure, closing.</content>
internal sealed partial class LogWriter
{
    private void PrepareSegment(int length)
    {
        if (_needsRepair)
        {
            Repair();
        }

        if (_segmentLength > 0 && _segmentLength + length > _segmentMaxBytes)
        {
            Roll();
        }
    }

    private void Roll()
    {
        // Sequences are dense within a segment, so the next sequence names the new file. Its directory entry becomes
        // durable with the first fsync of the file: on ext4 that commits the journal transaction that created it.
        var path = SegmentFiles.PathFor(_directory, _nextSequence);
        var next = _streams(path, FileMode.CreateNew);
        var previous = _stream;
        _stream = next;
        _segmentLength = 0;
        previous.Dispose();
        _state.SegmentCreated();
        _observer.OnSegmentCreated(path);
    }

    private void Repair()
    {
        _stream.SetLength(_segmentLength);
        _stream.Position = _segmentLength;
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
