namespace Observability.EventLog.Internal;

/// <summary>
/// Copies damaged or cut bytes aside, owner-only, as <c>&lt;segment file&gt;@&lt;offset&gt;.bin</c>, so nothing the log
/// held is only in the segment it is skipped in, or nowhere once a torn tail is cut.
/// </summary>
/// <remarks>
/// Idempotent across restarts: the same bytes at the same place are written once (a later start finds the file and
/// leaves it). Different bytes under a name already taken (a torn tail cut at an offset an earlier crash also left one
/// at) get the next free <c>@&lt;offset&gt;.&lt;n&gt;.bin</c>. Each file is written under a temporary name, fsynced and
/// renamed, so a crash never leaves a half copy under the final name.
/// </remarks>
internal sealed class Quarantine(string directory)
{
    public string Directory { get; } = directory;

    /// <summary>The quarantine file for [<paramref name="from"/>, <paramref name="to"/>) of <paramref name="segment"/>.</summary>
    public string Copy(string segment, long from, long to)
    {
        using var handle = File.OpenHandle(segment, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var window = new ByteWindow(handle, RandomAccess.GetLength(handle));
        CreateDirectory();
        var name = $"{Path.GetFileName(segment)}@{from}";
        for (var attempt = 1; ; attempt++)
        {
            var path = Path.Combine(Directory, attempt == 1 ? name + ".bin" : $"{name}.{attempt}.bin");
            if (!File.Exists(path))
            {
                Write(path, window, from, to);
                return path;
            }

            if (SameBytes(path, window, from, to))
            {
                return path;
            }
        }
    }

    private static void Write(string path, ByteWindow window, long from, long to)
    {
        var temporary = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using (var stream = new FileStream(temporary, options))
            {
                window.CopyTo(from, to, stream);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    private static bool SameBytes(string path, ByteWindow window, long from, long to)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        if (RandomAccess.GetLength(handle) != to - from)
        {
            return false;
        }

        using var copy = new ByteWindow(handle, to - from);
        for (var offset = 0L; offset < to - from; offset += 4096)
        {
            var count = (int)Math.Min(4096, to - from - offset);
            if (!copy.Slice(offset, count).SequenceEqual(window.Slice(from + offset, count)))
            {
                return false;
            }
        }

        return true;
    }

    private void CreateDirectory()
    {
        if (OperatingSystem.IsWindows())
        {
            System.IO.Directory.CreateDirectory(Directory);
        }
        else
        {
            // Owner-only, like the segments: the bytes are events.
            System.IO.Directory.CreateDirectory(Directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }
}
