namespace Observability.EventLog.Internal;

/// <summary>What the recovery scan found and repaired.</summary>
/// <param name="Segments">The segments, oldest first.</param>
/// <param name="LastSegmentLength">Bytes of data in the last segment, where appends continue; 0 if there is none.</param>
/// <param name="Records">Valid records replayed.</param>
/// <param name="Bytes">Bytes of data in all segments: valid records and skipped damage.</param>
/// <param name="NextSequence">The sequence number after the last record.</param>
/// <param name="TruncatedBytes">Bytes cut from the last segment's torn tail.</param>
/// <param name="CorruptRecords">Records in damaged ranges, skipped.</param>
/// <param name="CorruptBytes">Bytes of damaged ranges, skipped.</param>
/// <param name="MissingRecords">Sequence numbers no segment holds (removed or shortened segments).</param>
/// <param name="RollLastSegment">True when the last segment holds damage: appends go to a new segment.</param>
internal sealed record RecoveryResult(
    IReadOnlyList<SegmentInfo> Segments,
    long LastSegmentLength,
    long Records,
    long Bytes,
    long NextSequence,
    long TruncatedBytes,
    long CorruptRecords,
    long CorruptBytes,
    long MissingRecords,
    bool RollLastSegment);
