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

    public static void AppendZeros(string path, int count)
    {
        using var stream = new FileStream(path, FileMode.Append, FileAccess.Write);
        stream.Write(new byte[count]);
    }
}
