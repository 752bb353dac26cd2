namespace Observability.EventLog.Tests.Support;

/// <summary>Byte-level surgery on segment files, for the fault tests.</summary>
internal static class LogFiles
{
    /// <summary>The offset of each line (record) in a segment.</summary>
    public static List<long> RecordStarts(string segment)
    {
        var bytes = File.ReadAllBytes(segment);
        var starts = new List<long>();
        for (var i = 0; i < bytes.Length; i = Array.IndexOf(bytes, (byte)'\n', i) + 1)
        {
            starts.Add(i);
            if (Array.IndexOf(bytes, (byte)'\n', i) < 0)
            {
                break;
            }
        }

        return starts;
    }

    public static void Truncate(string path, long length)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Write);
        stream.SetLength(length);
    }

    public static void Overwrite(string path, long offset, ReadOnlySpan<byte> bytes)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Write);
        stream.Position = offset;
        stream.Write(bytes);
    }

    /// <summary>Changes one payload byte of the record at <paramref name="recordStart"/> without adding a line break.</summary>
    public static void FlipPayloadByte(string path, long recordStart)
    {
        var offset = recordStart + 18 + 2;
        var bytes = File.ReadAllBytes(path);
        Overwrite(path, offset, [(byte)(bytes[offset] == (byte)'a' ? 'b' : 'a')]);
    }

    public static void AppendZeros(string path, int count) => Append(path, new byte[count]);

    public static void Append(string path, ReadOnlySpan<byte> bytes)
    {
        using var stream = new FileStream(path, FileMode.Append, FileAccess.Write);
        stream.Write(bytes);
    }

    /// <summary>Whether every byte of <paramref name="path"/> from <paramref name="offset"/> on is zero (true if there are none).</summary>
    public static bool IsZeroFrom(string path, long offset) =>
        !File.ReadAllBytes(path).AsSpan((int)offset).ContainsAnyExcept((byte)0);

    /// <summary>A copy of the directory's segments as they are now, as a crash would leave them (the lock file is not copied).</summary>
    public static void CopySegments(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var segment in Directory.GetFiles(from, "*.log"))
        {
            File.Copy(segment, System.IO.Path.Combine(to, System.IO.Path.GetFileName(segment)));
        }
    }
}
