namespace Observability.Events;

/// <summary>
/// A strict, allocation-free parser for the timestamps events carry: <c>yyyy-MM-ddTHH:mm[:ss[.f…]]</c>
/// followed by <c>Z</c> or an offset <c>±hh:mm</c> / <c>±hhmm</c>. A zone is required (ADR-009:
/// "ISO 8601 with timezone"). Hand-written because replay parses every stored timestamp and the general
/// parser was most of its cost.
/// </summary>
internal static class IsoTimestamp
{
    /// <summary>Parses unescaped UTF-8 (a JSON string's raw value); a valid timestamp is ASCII, so widening is exact.</summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8, out DateTimeOffset value)
    {
        value = default;
        if (utf8.Length > 64)
        {
            return false;
        }

        Span<char> chars = stackalloc char[utf8.Length];
        for (var i = 0; i < utf8.Length; i++)
        {
            chars[i] = (char)utf8[i];
        }

        return TryParse(chars, out value);
    }

    public static bool TryParse(ReadOnlySpan<char> text, out DateTimeOffset value)
    {
        value = default;
        if (text.Length < 17 || text[4] != '-' || text[7] != '-' || (text[10] != 'T' && text[10] != 't') || text[13] != ':')
        {
            return false;
        }

        if (!Digits(text, 0, 4, out var year) || !Digits(text, 5, 2, out var month) || !Digits(text, 8, 2, out var day)
            || !Digits(text, 11, 2, out var hour) || !Digits(text, 14, 2, out var minute))
        {
            return false;
        }

        var pos = 16;
        var second = 0;
        long ticks = 0;
        if (pos < text.Length && text[pos] == ':')
        {
            if (!Digits(text, pos + 1, 2, out second))
            {
                return false;
            }

            pos += 3;
            if (pos < text.Length && text[pos] == '.')
            {
                pos++;
                var start = pos;
                long scale = TimeSpan.TicksPerSecond;
                while (pos < text.Length && char.IsAsciiDigit(text[pos]))
                {
                    scale /= 10;
                    ticks += (text[pos] - '0') * scale;
                    pos++;
                }

                if (pos == start || pos - start > 9)
                {
                    return false;
                }
            }
        }

        if (!TryOffset(text[pos..], out var offset))
        {
            return false;
        }

        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(Math.Max(year, 1), month) || hour > 23 || minute > 59 || second > 59
            || year < 1)
        {
            return false;
        }

        try
        {
            value = new DateTimeOffset(year, month, day, hour, minute, second, offset).AddTicks(ticks);
            return true;
        }
        catch (ArgumentOutOfRangeException)
        {
            return false;
        }
    }

    private static bool TryOffset(ReadOnlySpan<char> zone, out TimeSpan offset)
    {
        offset = TimeSpan.Zero;
        if (zone is "Z" or "z")
        {
            return true;
        }

        if (zone.Length is not (5 or 6) || (zone[0] != '+' && zone[0] != '-'))
        {
            return false;
        }

        var minutesAt = zone.Length == 6 ? 4 : 3;
        if ((zone.Length == 6 && zone[3] != ':') || !Digits(zone, 1, 2, out var hours) || !Digits(zone, minutesAt, 2, out var minutes)
            || hours > 14 || minutes > 59)
        {
            return false;
        }

        offset = new TimeSpan(hours, minutes, 0);
        if (zone[0] == '-')
        {
            offset = -offset;
        }

        return true;
    }

    private static bool Digits(ReadOnlySpan<char> text, int start, int count, out int value)
    {
        value = 0;
        if (start + count > text.Length)
        {
            return false;
        }

        for (var i = start; i < start + count; i++)
        {
            if (!char.IsAsciiDigit(text[i]))
            {
                return false;
            }

            value = (value * 10) + (text[i] - '0');
        }

        return true;
    }
}
