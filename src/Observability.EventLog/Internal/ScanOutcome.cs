namespace Observability.EventLog.Internal;

/// <summary>What <see cref="SegmentScanner.Next"/> found.</summary>
internal enum ScanOutcome
{
    /// <summary>A valid record.</summary>
    Record,

    /// <summary>
    /// The end of the data, at a record boundary: the end of the file, or a NUL byte where the next header would start
    /// (the writer's preallocated space). <see cref="SegmentScanner.CheckTail"/> tells zero fill from damage.
    /// </summary>
    End,

    /// <summary>
    /// An invalid record: damaged, or still being written. <see cref="SegmentScanner.CheckTail"/> describes it.
    /// </summary>
    Invalid,
}
