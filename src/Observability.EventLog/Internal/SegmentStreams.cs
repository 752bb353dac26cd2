namespace Observability.EventLog.Internal;

/// <summary>The production <see cref="SegmentStreamFactory"/>.</summary>
internal static class SegmentStreams
{
    /// <summary>
    /// Unbuffered (the writer batches into its own buffer, and a hidden buffer would make "written" a lie), and
    /// shared for reading so <see cref="EventLogReader"/> and <see cref="EventLogCursor"/> work while the log is open.
    /// </summary>
    public static readonly SegmentStreamFactory Default = static (path, mode) =>
        new FileStream(path, mode, FileAccess.Write, FileShare.Read, bufferSize: 0, FileOptions.None);
}
