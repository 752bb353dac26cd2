namespace Observability.EventLog.Internal;

/// <summary>What <see cref="SegmentScanner.Next"/> found.</summary>
internal enum ScanOutcome
{
    /// <summary>A valid record.</summary>
    Record,

    /// <summary>The end of the segment, exactly at a record boundary.</summary>
    End,

    /// <summary>An invalid record; <see cref="SegmentScanner.Problem"/> describes it.</summary>
    Invalid,
}
