namespace Observability.EventLog.Internal;

/// <summary>
/// Opens the writer's stream on a segment file: <see cref="FileMode.Open"/> for the segment appends continue in,
/// <see cref="FileMode.CreateNew"/> for a new one. A seam so tests can inject write and fsync failures.
/// </summary>
internal delegate FileStream SegmentStreamFactory(string path, FileMode mode);
