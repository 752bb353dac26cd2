namespace Observability.EventLog.Internal;

/// <summary>What a scan may assume about a segment, which decides how far it looks past an invalid record.</summary>
internal enum SegmentRole
{
    /// <summary>
    /// A segment with a successor: complete and never written again (the writer cut its zeros off before creating the
    /// next one). An invalid record, zero bytes included, is damage: skipped up to the next valid frame, or to the end.
    /// </summary>
    Sealed,

    /// <summary>
    /// The segment a writer may be appending to. A NUL byte where a header would start is the end of the data (its
    /// preallocated space); an invalid record is skipped only when a valid frame after it, with no zero byte between,
    /// proves it damaged and a fresh read shows it still invalid, since it may be a record still being written.
    /// Otherwise the scan stops there, to be resumed later.
    /// </summary>
    Live,

    /// <summary>
    /// The last segment as recovery and <c>verify</c> see it: like <see cref="Live"/>, but it also looks past zero bytes
    /// for a valid frame, so a hole a power cut left inside the data is found. What has no valid frame after it is the
    /// tail, for <see cref="SegmentScanner.CheckTail"/>.
    /// </summary>
    Last,
}
