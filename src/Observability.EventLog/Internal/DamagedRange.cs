namespace Observability.EventLog.Internal;

/// <summary>Bytes of a segment that hold no valid record, with a valid frame (or the end of a sealed segment) after them.</summary>
/// <param name="Offset">Where the first invalid record starts.</param>
/// <param name="End">Where the next valid frame starts, or the end of the sealed segment.</param>
/// <param name="Records">How many records the bytes held (<see cref="FrameSearch.CountRecords"/>); the sequences they took.</param>
/// <param name="Reason">Why the record at <paramref name="Offset"/> is invalid.</param>
internal sealed record DamagedRange(long Offset, long End, long Records, string Reason)
{
    public long Length => End - Offset;
}
