namespace Observability.EventLog.Internal;

/// <summary>What <see cref="SegmentScanner.Next"/> found.</summary>
internal enum ScanOutcome
{
    /// <summary>A valid record.</summary>
    Record,

    /// <summary>
    /// Damage, skipped: <see cref="SegmentScanner.Damage"/> says where and how many records it held (their sequence
    /// numbers are used up); scanning goes on at the next valid frame.
    /// </summary>
    Damaged,

    /// <summary>
    /// The end of the data, at a record boundary: the end of the file, or a NUL byte where the next header would start
    /// (the writer's preallocated space). <see cref="SegmentScanner.CheckTail"/> tells zero fill from damage.
    /// </summary>
    End,

    /// <summary>
    /// An invalid record with nothing after it that proves it damaged (not in a sealed segment): a record still being
    /// written, or a torn tail. <see cref="SegmentScanner.CheckTail"/> describes it.
    /// </summary>
    Invalid,
}
