using System.Globalization;

namespace Observability.EventLog.Internal;

/// <summary>
/// The log's first live sequence after a compaction moved the older segments to the archive (Kafka's log start
/// offset): <c>log-start</c> in the segments' directory, one decimal number. Absent means 0. Sequence numbers below it
/// are archived, not missing, and segments wholly below it are leftovers of a compaction interrupted before it deleted
/// them: every reader ignores them.
/// </summary>
internal static class LogStart
{
    public const string FileName = "log-start";

    public static long Read(string directory)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
        {
            return 0;
        }

        var text = File.ReadAllText(path).Trim();
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var start))
        {
            throw new IOException($"{path} does not hold a sequence number ('{text}').");
        }

        return start;
    }

    /// <summary>Writes it durably: a temporary file, fsynced, renamed, the directory fsynced. 0 deletes the file.</summary>
    public static void Write(string directory, long start)
    {
        var path = Path.Combine(directory, FileName);
        if (start == 0)
        {
            File.Delete(path);
        }
        else
        {
            DurableFile.Write(path, stream => stream.Write(System.Text.Encoding.ASCII.GetBytes(start.ToString(CultureInfo.InvariantCulture) + "\n")));
        }

        DurableFile.SyncDirectory(directory);
    }
}
