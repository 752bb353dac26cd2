namespace Observability.EventLog;

/// <summary>The result of <see cref="EventLogReader.Verify(string)"/>: what an offline integrity check found.</summary>
/// <param name="Records">Valid records.</param>
/// <param name="Bytes">Bytes of data in the segments, frames and damaged ranges included, up to a torn tail (what they hold once it is cut).</param>
/// <param name="Segments">Segment files found.</param>
/// <param name="Problems">
/// One line per problem: a sequence gap (the missing sequence range and the segment after it), an overlap between
/// segments, a damaged range (segment and byte range), or a torn tail of the last segment. Empty when the log is healthy.
/// </param>
public sealed record EventLogVerification(long Records, long Bytes, int Segments, IReadOnlyList<string> Problems)
{
    /// <summary>True when no problem was found.</summary>
    public bool IsHealthy => Problems.Count == 0;

    /// <summary>Every damaged range, in log order.</summary>
    public IReadOnlyList<EventLogDamage> Damage { get; init; } = [];

    /// <summary>Every range of sequence numbers no segment holds, in log order.</summary>
    public IReadOnlyList<EventLogGap> Gaps { get; init; } = [];

    /// <summary>Records in damaged ranges.</summary>
    public long CorruptRecords => Damage.Sum(d => d.Records);

    /// <summary>Bytes of damaged ranges.</summary>
    public long CorruptBytes => Damage.Sum(d => d.Length);

    /// <summary>Sequence numbers no segment holds.</summary>
    public long MissingRecords => Gaps.Sum(g => g.Count);
}
