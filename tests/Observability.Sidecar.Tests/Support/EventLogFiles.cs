using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;

namespace Observability.Sidecar.Tests.Support;

/// <summary>One record read straight from a segment file.</summary>
internal sealed record StoredRecord(string Segment, long Offset, int Length, string Json)
{
    public string Id
    {
        get
        {
            using var document = JsonDocument.Parse(Json);
            return document.RootElement.GetProperty("id").GetString()!;
        }
    }
}

/// <summary>
/// What the segment files hold: the valid records and the bytes after the last one (a torn tail) up to its last byte
/// that is not zero; zeros are the writer's preallocated space.
/// </summary>
internal sealed record StoredLog(IReadOnlyList<StoredRecord> Records, long TailBytes, string? TailProblem);

/// <summary>
/// Reads and damages the sidecar's event log independently of the product code, from the documented format:
/// <c>&lt;DataDirectory&gt;/events/&lt;firstSeq:D20&gt;.log</c>, one line per record,
/// <c>&lt;len:x8&gt; &lt;crc32c:x8&gt; &lt;json&gt;\n</c>; the last segment may end in NUL bytes (preallocated space).
/// </summary>
internal static class EventLogFiles
{
    public static string EventsDirectory(string dataDirectory) => Path.Combine(dataDirectory, "events");

    public static IReadOnlyList<string> Segments(string dataDirectory) =>
        [.. Directory.EnumerateFiles(EventsDirectory(dataDirectory), "*.log")
            .Where(p => Path.GetFileNameWithoutExtension(p) is { Length: 20 } digits && digits.All(char.IsAsciiDigit))
            .Order(StringComparer.Ordinal)];

    public static string LastSegment(string dataDirectory) => Segments(dataDirectory)[^1];

    /// <summary>
    /// Every valid record of every segment. Only the last segment may end in something that is not a valid record;
    /// damage anywhere else fails the test. Zeros alone after the last record are unused space, not a tail.
    /// </summary>
    public static StoredLog Read(string dataDirectory)
    {
        var records = new List<StoredRecord>();
        var segments = Segments(dataDirectory);
        long tail = 0;
        string? problem = null;
        for (var s = 0; s < segments.Count; s++)
        {
            var bytes = File.ReadAllBytes(segments[s]);
            var offset = 0;
            while (offset < bytes.Length)
            {
                if (s == segments.Count - 1 && !bytes.AsSpan(offset).ContainsAnyExcept((byte)0))
                {
                    break;
                }

                var error = TryReadRecord(bytes, offset, out var length, out var json);
                if (error is not null)
                {
                    Assert.True(
                        s == segments.Count - 1,
                        $"{segments[s]} (not the last segment) has an invalid record at offset {offset}: {error}");
                    // The zeros after a torn tail's last data are preallocated space, not counted as cut.
                    tail = bytes.AsSpan().LastIndexOfAnyExcept((byte)0) + 1 - offset;
                    problem = error;
                    break;
                }

                records.Add(new StoredRecord(segments[s], offset, length, json!));
                offset += length;
            }
        }

        return new StoredLog(records, tail, problem);
    }

    /// <summary>The framed bytes of one record, as the log writes them.</summary>
    public static byte[] Frame(string json)
    {
        var payload = Encoding.UTF8.GetBytes(json);
        var header = string.Create(CultureInfo.InvariantCulture, $"{payload.Length:x8} {Crc32C(payload):x8} ");
        return [.. Encoding.ASCII.GetBytes(header), .. payload, (byte)'\n'];
    }

    public static void Append(string path, ReadOnlySpan<byte> bytes)
    {
        using var stream = new FileStream(path, FileMode.Append, FileAccess.Write);
        stream.Write(bytes);
    }

    /// <summary>CRC-32C (Castagnoli), computed here rather than borrowed from the product.</summary>
    public static uint Crc32C(ReadOnlySpan<byte> data)
    {
        var crc = uint.MaxValue;
        foreach (var b in data)
        {
            crc = BitOperations.Crc32C(crc, b);
        }

        return ~crc;
    }

    private static string? TryReadRecord(byte[] bytes, int offset, out int length, out string? json)
    {
        length = 0;
        json = null;
        if (bytes.Length - offset < 19)
        {
            return $"only {bytes.Length - offset} bytes left, shorter than a header";
        }

        var header = Encoding.ASCII.GetString(bytes, offset, 18);
        if (header[8] != ' ' || header[17] != ' '
            || !uint.TryParse(header.AsSpan(0, 8), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var payloadLength)
            || !uint.TryParse(header.AsSpan(9, 8), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var checksum))
        {
            return $"malformed header '{header}'";
        }

        if (bytes.Length - offset - 18 < payloadLength + 1L)
        {
            return $"record of {payloadLength} bytes cut short";
        }

        var payload = bytes.AsSpan(offset + 18, (int)payloadLength);
        if (bytes[offset + 18 + (int)payloadLength] != (byte)'\n')
        {
            return "no newline after the payload";
        }

        if (Crc32C(payload) != checksum)
        {
            return "checksum mismatch";
        }

        length = 18 + (int)payloadLength + 1;
        json = Encoding.UTF8.GetString(payload);
        return null;
    }
}
