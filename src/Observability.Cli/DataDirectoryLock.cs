namespace Observability.Cli;

/// <summary>
/// For the offline commands that change a data directory: the event log's own lock (<c>events/.lock</c>, the OS file
/// lock a running sidecar holds for as long as its log is open), taken for the command's whole run, so no sidecar
/// starts on the directory meanwhile and none is running on it now.
/// </summary>
internal sealed class DataDirectoryLock : IDisposable
{
    private readonly FileStream _stream;

    private DataDirectoryLock(FileStream stream) => _stream = stream;

    /// <summary>The lock, or null with <paramref name="problem"/> saying who holds the directory.</summary>
    public static DataDirectoryLock? TryAcquire(string eventsDirectory, out string? problem)
    {
        var path = Path.Combine(eventsDirectory, ".lock");
        try
        {
            problem = null;
            return new DataDirectoryLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException e)
        {
            problem = $"{Path.GetDirectoryName(eventsDirectory)} is in use by a running sidecar (its event log is locked: {path}): stop it first, or ask it over HTTP (--url). {e.Message}";
            return null;
        }
    }

    public void Dispose() => _stream.Dispose();
}
