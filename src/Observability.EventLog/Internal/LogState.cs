namespace Observability.EventLog.Internal;

/// <summary>
/// The counters behind <see cref="EventLog.Status"/>. The writer loop updates them once per group under a lock that
/// is otherwise only taken by status readers, so a snapshot is always self-consistent.
/// </summary>
internal sealed class LogState(RecoveryResult recovery, TimeSpan replayDuration, int segments)
{
    private readonly Lock _lock = new();
    private long _records = recovery.Records;
    private long _nextSequence = recovery.NextSequence;
    private long _bytes = recovery.Bytes;
    private int _segments = segments;
    private bool _isWritable = true;
    private string? _lastWriteError;

    public void Committed(int records, long bytes, long nextSequence)
    {
        lock (_lock)
        {
            _records += records;
            _bytes += bytes;
            _nextSequence = nextSequence;
            _isWritable = true;
        }
    }

    public void SegmentCreated()
    {
        lock (_lock)
        {
            _segments++;
        }
    }

    public void Failed(Exception exception)
    {
        lock (_lock)
        {
            _isWritable = false;
            _lastWriteError = exception.Message;
        }
    }

    public EventLogStatus Snapshot()
    {
        lock (_lock)
        {
            return new EventLogStatus(
                _records,
                _nextSequence,
                _bytes,
                _segments,
                recovery.TruncatedBytes,
                recovery.CorruptRecords,
                replayDuration,
                _isWritable,
                _lastWriteError,
                recovery.CorruptBytes,
                recovery.MissingRecords);
        }
    }
}
