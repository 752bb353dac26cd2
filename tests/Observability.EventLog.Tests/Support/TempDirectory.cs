namespace Observability.EventLog.Tests.Support;

/// <summary>A fresh directory under the system temp folder, deleted with everything in it on dispose.</summary>
internal sealed class TempDirectory : IDisposable
{
    /// <param name="under">Where to make it; the system temp folder by default.</param>
    public TempDirectory(string? under = null)
    {
        Path = System.IO.Path.Combine(under ?? System.IO.Path.GetTempPath(), "eventlog-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    /// <summary>Where <see cref="Options"/> has recovery copy damage: inside the directory, so each test has its own.</summary>
    public string Quarantine => System.IO.Path.Combine(Path, "quarantine");

    public EventLogOptions Options(
        long segmentMaxBytes = EventLogOptions.DefaultSegmentMaxBytes,
        bool fsync = true,
        long preallocationBytes = EventLogOptions.DefaultPreallocationBytes) =>
        new()
        {
            Directory = Path,
            QuarantineDirectory = Quarantine,
            SegmentMaxBytes = segmentMaxBytes,
            Fsync = fsync,
            PreallocationBytes = preallocationBytes,
        };

    public string[] Segments() => Directory.GetFiles(Path, "*.log").Order(StringComparer.Ordinal).ToArray();

    /// <summary>The quarantine files, by name.</summary>
    public string[] QuarantineFiles() =>
        Directory.Exists(Quarantine) ? [.. Directory.GetFiles(Quarantine).Select(System.IO.Path.GetFileName).Order(StringComparer.Ordinal)!] : [];

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
