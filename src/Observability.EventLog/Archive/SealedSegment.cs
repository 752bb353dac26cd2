namespace Observability.EventLog.Archive;

/// <summary>A segment with a successor (nothing writes to it again): records FirstSequence up to, not including, NextSequence.</summary>
public sealed record SealedSegment(string Path, long FirstSequence, long NextSequence);
