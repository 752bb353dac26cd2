namespace Observability.Projections.Compaction;

/// <summary>Where a data directory keeps what compaction touches.</summary>
/// <param name="DataDirectory">The data directory.</param>
public sealed record CompactionLayout(string DataDirectory)
{
    /// <summary>The live log's segments: <c>events</c>.</summary>
    public string Events => Path.Combine(DataDirectory, "events");

    /// <summary>The archives and their manifest: <c>archive</c>.</summary>
    public string Archive => Path.Combine(DataDirectory, "archive");

    /// <summary>The archive directory beside an <c>events</c> directory.</summary>
    public static string ArchiveBeside(string eventsDirectory) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(eventsDirectory).TrimEnd(Path.DirectorySeparatorChar)) ?? ".", "archive");

    /// <summary>The base snapshot: every projection and the duplicate index at the cut, <c>base.snapshot</c>.</summary>
    public string BaseSnapshot => Path.Combine(DataDirectory, "base.snapshot");
}
