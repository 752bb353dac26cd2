namespace Observability.EventLog.Internal;

/// <summary>The first invalid record of a segment.</summary>
/// <param name="Offset">Where the invalid record starts; everything before it is valid.</param>
/// <param name="IsCorrupt">
/// True when data follows the bad record's start on a later line (a damaged record, not an interrupted append);
/// false for a torn tail, whose bytes run to the end of the file without a newline.
/// </param>
/// <param name="Reason">A human-readable description.</param>
/// <param name="DataEnd">
/// Where the bytes that count as lost end: the end of the file, or in the live segment the end of the last non-zero
/// byte, since the zeros after it are preallocated space that never held a record.
/// </param>
internal sealed record RecordProblem(long Offset, bool IsCorrupt, string Reason, long DataEnd);
