namespace Observability.EventLog.Internal;

/// <summary>The production <see cref="SegmentStreamFactory"/>.</summary>
internal static class SegmentStreams
{
    /// <summary>
    /// Unbuffered (the writer batches into its own buffer, and a hidden buffer would make "written" a lie), and
    /// shared for reading so <see cref="EventLogReader"/> and <see cref="EventLogCursor"/> work while the log is open.
    /// New segments are owner-only (0600), like the state snapshot: they hold every event.
    /// </summary>
    public static readonly SegmentStreamFactory Default = static (path, mode) =>
        new FileStream(path, Options(mode));

    private static FileStreamOptions Options(FileMode mode)
    {
        var options = new FileStreamOptions
        {
            Mode = mode,
            Access = FileAccess.Write,
            Share = FileShare.Read,
            BufferSize = 0,
            Options = FileOptions.None,
        };
        if (mode == FileMode.CreateNew && !OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        return options;
    }
}
