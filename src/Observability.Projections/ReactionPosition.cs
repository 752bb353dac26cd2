using System.Globalization;
using System.Text;

namespace Observability.Projections;

/// <summary>
/// A reaction's durable position, the next log sequence it has not handled, in a small file: written to a temporary
/// name, fsynced and renamed, so a crash leaves the old position or the new one, never a torn file. A position is only
/// written after what is before it was done; after a crash the reaction does again what came after, at least once.
/// </summary>
public sealed class ReactionPosition(string path)
{
    /// <summary>The position file.</summary>
    public string Path { get; } = path ?? throw new ArgumentNullException(nameof(path));

    /// <summary>The stored position; null when there is none yet.</summary>
    /// <exception cref="InvalidDataException">The file exists but holds no position.</exception>
    public long? Load()
    {
        string text;
        try
        {
            text = File.ReadAllText(Path, Encoding.UTF8);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }

        return long.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var next)
            ? next
            : throw new InvalidDataException($"{Path} holds no position.");
    }

    /// <summary>Replaces the stored position durably.</summary>
    public void Save(long next)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(next);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        var temporary = Path + ".tmp";
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using (var stream = new FileStream(temporary, options))
            {
                stream.Write(Encoding.UTF8.GetBytes(next.ToString(CultureInfo.InvariantCulture) + "\n"));
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, Path, overwrite: true);
        }
        catch
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }

            throw;
        }
    }
}
