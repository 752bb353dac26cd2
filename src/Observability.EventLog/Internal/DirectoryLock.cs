namespace Observability.EventLog.Internal;

/// <summary>
/// An exclusive lock on a log directory, held while an <see cref="EventLog"/> is open: two writers appending to the
/// same segment would interleave records and each would assign the same sequence numbers.
/// </summary>
/// <remarks>
/// The lock is the OS file lock .NET takes for <see cref="FileShare.None"/> (flock on Unix), so it is released when
/// the process dies, even by SIGKILL; the file itself stays behind and means nothing on its own.
/// </remarks>
internal sealed class DirectoryLock : IDisposable
{
    public const string FileName = ".lock";

    private readonly FileStream _stream;

    private DirectoryLock(FileStream stream) => _stream = stream;

    public static DirectoryLock Acquire(string directory)
    {
        var path = Path.Combine(directory, FileName);
        try
        {
            return new DirectoryLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException exception)
        {
            throw new IOException(
                $"Cannot lock the event log in '{directory}' ({path}); is it already open in this or another process? {exception.Message}",
                exception);
        }
    }

    public void Dispose() => _stream.Dispose();
}
