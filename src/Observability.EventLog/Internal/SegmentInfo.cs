namespace Observability.EventLog.Internal;

/// <summary>A segment file and the sequence number of its first record, taken from its name.</summary>
internal readonly record struct SegmentInfo(string Path, long FirstSequence);
