namespace Observability.EventLog.Internal;

/// <summary>
/// Makes the data written to a segment durable when its size did not change (an overwrite of preallocated space):
/// <c>fdatasync</c> in production. A seam so tests can inject its failure, like <see cref="SegmentStreamFactory"/>.
/// </summary>
internal delegate void SegmentDataSync(FileStream stream);
