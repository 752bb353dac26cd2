namespace Observability.EventLog;

/// <summary>Sequence numbers that no segment holds: records lost with a removed or shortened segment.</summary>
/// <param name="FirstSequence">The first missing sequence number.</param>
/// <param name="LastSequence">The last missing sequence number.</param>
/// <param name="Segment">The segment file that starts after the gap.</param>
/// <param name="Reason">What the files show: which segment ends too early, or that the first one does not start at 0.</param>
public sealed record EventLogGap(long FirstSequence, long LastSequence, string Segment, string Reason)
{
    /// <summary>How many records are missing.</summary>
    public long Count => LastSequence - FirstSequence + 1;

    /// <inheritdoc />
    public override string ToString() =>
        $"{Segment}: sequences {FirstSequence} to {LastSequence} are missing ({Count} records): {Reason}";
}
