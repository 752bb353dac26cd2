namespace Observability.EventLog.Tests.Support;

/// <summary>A fresh directory under the system temp folder, deleted with everything in it on dispose.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "eventlog-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public EventLogOptions Options(
        long segmentMaxBytes = EventLogOptions.DefaultSegmentMaxBytes,
        bool fsync = true,
        long preallocationBytes = EventLogOptions.DefaultPreallocationBytes) =>
        new() { Directory = Path, SegmentMaxBytes = segmentMaxBytes, Fsync = fsync, PreallocationBytes = preallocationBytes };

    public string[] Segments() => Directory.GetFiles(Path, "*.log").Order(StringComparer.Ordinal).ToArray();

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
