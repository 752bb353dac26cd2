using System.Buffers;
using System.Buffers.Text;
using System.Globalization;

namespace Observability.Metrics.Exposition;

/// <summary>
/// Culture-free number formatting for the exposition formats. <see cref="WriteGo"/> matches Go's
/// <c>strconv.FormatFloat(v, 'g', -1, 64)</c>, which client_golang and Prometheus use for values and
/// <c>le</c> labels (<c>1e+06</c>, <c>0.005</c>, <c>1e-05</c>); <see cref="WriteOpenMetrics"/> adds
/// OpenMetrics' canonical <c>.0</c> to integral values (<c>1.0</c>).
/// </summary>
internal static class NumberFormatter
{
    /// <summary>Enough for any double in either format, and any long.</summary>
    public const int MaxLength = 32;

    public static int WriteGo(double value, Span<byte> destination)
    {
        if (double.IsNaN(value))
        {
            return Write("NaN"u8, destination);
        }

        if (double.IsPositiveInfinity(value))
        {
            return Write("+Inf"u8, destination);
        }

        if (double.IsNegativeInfinity(value))
        {
            return Write("-Inf"u8, destination);
        }

        // Integral values below 1e6 print as plain integers in Go's shortest 'g' form too.
        if (value == Math.Floor(value) && Math.Abs(value) < 1e6)
        {
            if (value == 0 && double.IsNegative(value))
            {
                return Write("-0"u8, destination);
            }

            Utf8Formatter.TryFormat((long)value, destination, out var written);
            return written;
        }

        return WriteGoGeneral(value, destination);
    }

    public static int WriteOpenMetrics(double value, Span<byte> destination)
    {
        var written = WriteGo(value, destination);
        if (double.IsFinite(value) && destination[..written].IndexOfAny("e."u8) < 0)
        {
            destination[written++] = (byte)'.';
            destination[written++] = (byte)'0';
        }

        return written;
    }

    public static int WriteLong(long value, Span<byte> destination)
    {
        Utf8Formatter.TryFormat(value, destination, out var written);
        return written;
    }

    /// <summary>Seconds with millisecond precision, as OpenMetrics exemplar timestamps are written.</summary>
    public static int WriteTimestamp(long unixMilliseconds, Span<byte> destination)
    {
        // Sign first, then the magnitude, so -500 ms prints as -0.500 and not -0.-500.
        var written = 0;
        if (unixMilliseconds < 0)
        {
            destination[written++] = (byte)'-';
        }

        var seconds = Math.DivRem(Math.Abs(unixMilliseconds), 1000, out var millis);
        Utf8Formatter.TryFormat(seconds, destination[written..], out var s);
        written += s;
        destination[written++] = (byte)'.';
        Utf8Formatter.TryFormat(millis, destination[written..], out var m, new StandardFormat('D', 3));
        return written + m;
    }

    public static string FormatGo(double value)
    {
        Span<byte> buffer = stackalloc byte[MaxLength];
        return System.Text.Encoding.ASCII.GetString(buffer[..WriteGo(value, buffer)]);
    }

    public static string FormatOpenMetrics(double value)
    {
        Span<byte> buffer = stackalloc byte[MaxLength];
        return System.Text.Encoding.ASCII.GetString(buffer[..WriteOpenMetrics(value, buffer)]);
    }

    private static int WriteGoGeneral(double value, Span<byte> destination)
    {
        // .NET's "R" gives the shortest round-trip digits (the same digits Go's -1 precision picks),
        // written straight to UTF-8; only the layout differs, so take the digits and the decimal
        // exponent and lay them out Go's way.
        Span<byte> text = stackalloc byte[40];
        value.TryFormat(text, out var length, "R", CultureInfo.InvariantCulture);
        text = text[..length];

        var pos = 0;
        if (text[0] == '-')
        {
            destination[pos++] = (byte)'-';
            text = text[1..];
        }

        var exponentAt = text.IndexOf((byte)'E');
        var exponent = 0;
        var mantissa = text;
        if (exponentAt >= 0)
        {
            var sign = 1;
            foreach (var c in text[(exponentAt + 1)..])
            {
                if (c == '-')
                {
                    sign = -1;
                }
                else if (c != '+')
                {
                    exponent = (exponent * 10) + (c - '0');
                }
            }

            exponent *= sign;
            mantissa = text[..exponentAt];
        }

        // digits d1 d2 ... dn with the decimal point after 'pointAt' digits: value = 0.d1d2... * 10^pointAt.
        Span<byte> digits = stackalloc byte[24];
        var count = 0;
        var pointAt = -1;
        var leadingZeros = 0;
        foreach (var c in mantissa)
        {
            if (c == '.')
            {
                pointAt = count;
                continue;
            }

            if (count == 0 && c == '0')
            {
                // Leading zeros before the first significant digit shift the point instead.
                if (pointAt >= 0)
                {
                    leadingZeros++;
                }

                continue;
            }

            digits[count++] = c;
        }

        if (pointAt < 0)
        {
            pointAt = count;
        }

        var dp = pointAt - leadingZeros + exponent;
        while (count > 1 && digits[count - 1] == '0')
        {
            count--;
        }

        var exp = dp - 1;
        if (exp < -4 || exp >= 6)
        {
            destination[pos++] = digits[0];
            if (count > 1)
            {
                destination[pos++] = (byte)'.';
                digits[1..count].CopyTo(destination[pos..]);
                pos += count - 1;
            }

            destination[pos++] = (byte)'e';
            destination[pos++] = exp < 0 ? (byte)'-' : (byte)'+';
            var abs = Math.Abs(exp);
            if (abs < 10)
            {
                destination[pos++] = (byte)'0';
            }

            Utf8Formatter.TryFormat(abs, destination[pos..], out var e);
            return pos + e;
        }

        if (dp <= 0)
        {
            destination[pos++] = (byte)'0';
            destination[pos++] = (byte)'.';
            for (var i = 0; i < -dp; i++)
            {
                destination[pos++] = (byte)'0';
            }

            digits[..count].CopyTo(destination[pos..]);
            return pos + count;
        }

        for (var i = 0; i < dp; i++)
        {
            destination[pos++] = i < count ? digits[i] : (byte)'0';
        }

        if (count > dp)
        {
            destination[pos++] = (byte)'.';
            digits[dp..count].CopyTo(destination[pos..]);
            pos += count - dp;
        }

        return pos;
    }

    private static int Write(ReadOnlySpan<byte> text, Span<byte> destination)
    {
        text.CopyTo(destination);
        return text.Length;
    }
}
