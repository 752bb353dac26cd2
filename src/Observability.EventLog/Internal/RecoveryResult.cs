namespace Observability.EventLog.Internal;

/// <summary>What the recovery scan found and repaired.</summary>
/// <param name="Segments">The segments, oldest first.</param>
/// <param name="LastSegmentLength">Valid bytes in the last segment, where appends continue; 0 if there is none.</param>
/// <param name="Records">Valid records replayed.</param>
/// <param name="Bytes">Valid bytes in all segments.</param>
/// <param name="NextSequence">The sequence number after the last valid record.</param>
/// <param name="TruncatedBytes">Bytes cut from segment tails.</param>
/// <param name="CorruptRecords">Complete but invalid records cut.</param>
internal sealed record RecoveryResult(
    IReadOnlyList<SegmentInfo> Segments,
    long LastSegmentLength,
    long Records,
    long Bytes,
    long NextSequence,
    long TruncatedBytes,
    long CorruptRecords);
