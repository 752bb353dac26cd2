namespace Observability.EventLog;

/// <summary>The result of <see cref="EventLogReader.Verify"/>: what an offline integrity check found.</summary>
/// <param name="Records">Valid records, up to the first invalid record of each segment.</param>
/// <param name="Bytes">Bytes of those valid records, frames included (what the segments hold once repaired).</param>
/// <param name="Segments">Segment files found.</param>
/// <param name="Problems">
/// One line per problem: the segment, the byte offset and the reason (an invalid record, or a sequence gap or
/// overlap between segments). Empty when the log is healthy.
/// </param>
public sealed record EventLogVerification(long Records, long Bytes, int Segments, IReadOnlyList<string> Problems)
{
    /// <summary>True when no problem was found.</summary>
    public bool IsHealthy => Problems.Count == 0;
}
