namespace Observability.EventLog.Internal;

/// <summary>
/// The frame of one record: <c>&lt;length:x8&gt; &lt;crc32c:x8&gt; &lt;payload&gt;\n</c>, lowercase hex, so a segment
/// is a text file with one record per line.
/// </summary>
internal static class RecordFormat
{
    /// <summary>Bytes before the payload: two 8-digit hex fields, each followed by a space.</summary>
    public const int HeaderLength = 18;

    /// <summary>Frame bytes per record: the header and the terminating newline.</summary>
    public const int Overhead = HeaderLength + 1;

    /// <summary>Largest payload whose frame still fits in one array.</summary>
    public static readonly int MaxPayloadLength = Array.MaxLength - Overhead;

    public static int FramedLength(int payloadLength) => payloadLength + Overhead;

    /// <summary>Throws unless <paramref name="payload"/> can be framed as one line.</summary>
    public static void ValidatePayload(ReadOnlySpan<byte> payload, string parameterName)
    {
        // A raw line break would split the record across lines and break every line-oriented reader (tail, cut, jq).
        if (payload.IndexOfAny((byte)'\n', (byte)'\r') >= 0)
        {
            throw new ArgumentException(
                "An event log payload must be a single line: it contains a raw '\\n' or '\\r' (JSON escapes them as \\n and \\r).",
                parameterName);
        }

        if (payload.Length > MaxPayloadLength)
        {
            throw new ArgumentException(
                $"An event log payload may be at most {MaxPayloadLength} bytes, was {payload.Length}.", parameterName);
        }
    }

    /// <summary>Writes the framed record into <paramref name="destination"/> and returns its length.</summary>
    public static int Encode(ReadOnlySpan<byte> payload, Span<byte> destination)
    {
        var length = FramedLength(payload.Length);
        destination = destination[..length];
        WriteHex((uint)payload.Length, destination);
        destination[8] = (byte)' ';
        WriteHex(Crc32C.Compute(payload), destination[9..]);
        destination[17] = (byte)' ';
        payload.CopyTo(destination[HeaderLength..]);
        destination[^1] = (byte)'\n';
        return length;
    }

    /// <summary>Parses a header; false when it is not exactly two lowercase 8-digit hex fields each followed by a space.</summary>
    public static bool TryParseHeader(ReadOnlySpan<byte> header, out uint payloadLength, out uint checksum)
    {
        checksum = 0;
        return TryParseHex(header, out payloadLength)
            && header[8] == (byte)' '
            && TryParseHex(header[9..], out checksum)
            && header[17] == (byte)' ';
    }

    private static void WriteHex(uint value, Span<byte> destination)
    {
        for (var i = 7; i >= 0; i--)
        {
            var nibble = (int)(value & 0xF);
            destination[i] = (byte)(nibble < 10 ? '0' + nibble : 'a' + nibble - 10);
            value >>= 4;
        }
    }

    private static bool TryParseHex(ReadOnlySpan<byte> text, out uint value)
    {
        value = 0;
        for (var i = 0; i < 8; i++)
        {
            var c = text[i];
            uint digit;
            if ((uint)(c - '0') <= 9)
            {
                digit = (uint)(c - '0');
            }
            else if ((uint)(c - 'a') <= 5)
            {
                digit = (uint)(c - 'a' + 10);
            }
            else
            {
                return false;
            }

            value = (value << 4) | digit;
        }

        return true;
    }
}
