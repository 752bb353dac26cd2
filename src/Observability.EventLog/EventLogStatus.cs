namespace Observability.EventLog;

/// <summary>A snapshot of an open <see cref="EventLog"/>, for health checks and self-metrics.</summary>
/// <param name="RecordCount">Valid records in the log: those replayed at open plus those appended since.</param>
/// <param name="NextSequence">The sequence number the next append will get.</param>
/// <param name="Bytes">
/// Bytes of data in all segments (the written length, skipped damage included; the preallocated zeros are not counted).
/// </param>
/// <param name="Segments">Segment files.</param>
/// <param name="TruncatedBytes">Bytes of the last segment's torn tail cut when the log was opened (not the zeros of preallocated space).</param>
/// <param name="CorruptRecords">Records in damaged ranges that the open found and skipped (they stay in their segments, copied to quarantine).</param>
/// <param name="ReplayDuration">How long the recovery scan and replay took at open.</param>
/// <param name="IsWritable">False after a failed write or fsync, until a later group commit succeeds.</param>
/// <param name="LastWriteError">The message of the most recent write or fsync failure, if any; kept after recovery.</param>
/// <param name="CorruptBytes">Bytes of those damaged ranges.</param>
/// <param name="MissingRecords">Sequence numbers below the last segment that no segment holds (removed or shortened segments).</param>
public sealed record EventLogStatus(
    long RecordCount,
    long NextSequence,
    long Bytes,
    int Segments,
    long TruncatedBytes,
    long CorruptRecords,
    TimeSpan ReplayDuration,
    bool IsWritable,
    string? LastWriteError,
    long CorruptBytes = 0,
    long MissingRecords = 0);
