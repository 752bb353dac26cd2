using System.Globalization;

namespace Observability.Metrics.Tests.Integration;

/// <summary>
/// An independent reference for the <c>le</c> strings: Go's <c>strconv.FormatFloat(v, 'g', -1, 64)</c>
/// (what client_golang writes in the text format) and its OpenMetrics form with a <c>.0</c> appended to
/// integral values. The shortest digits come from a precision search, not from the library's formatter.
/// </summary>
internal static class GoFloat
{
    public static string Format(double value)
    {
        if (double.IsNaN(value))
        {
            return "NaN";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "+Inf" : "-Inf";
        }

        var sign = double.IsNegative(value) ? "-" : string.Empty;
        if (value == 0)
        {
            return sign + "0";
        }

        var (digits, pointAt) = ShortestDigits(Math.Abs(value));
        var exponent = pointAt - 1;
        if (exponent < -4 || exponent >= 6)
        {
            var mantissa = digits.Length > 1 ? $"{digits[0]}.{digits[1..]}" : digits;
            return $"{sign}{mantissa}e{(exponent < 0 ? '-' : '+')}{Math.Abs(exponent):00}";
        }

        if (pointAt <= 0)
        {
            return $"{sign}0.{new string('0', -pointAt)}{digits}";
        }

        return digits.Length <= pointAt
            ? sign + digits + new string('0', pointAt - digits.Length)
            : $"{sign}{digits[..pointAt]}.{digits[pointAt..]}";
    }

    public static string FormatOpenMetrics(double value)
    {
        var go = Format(value);
        return double.IsFinite(value) && go.IndexOfAny(['.', 'e']) < 0 ? go + ".0" : go;
    }

    /// <summary>The fewest significant digits that parse back to <paramref name="value"/>; value = 0.digits × 10^pointAt.</summary>
    private static (string Digits, int PointAt) ShortestDigits(double value)
    {
        for (var precision = 1; precision <= 17; precision++)
        {
            var text = value.ToString("E" + (precision - 1).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
            if (double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture) != value)
            {
                continue;
            }

            var e = text.IndexOf('E', StringComparison.Ordinal);
            var digits = text[..e].Replace(".", string.Empty, StringComparison.Ordinal).TrimEnd('0');
            var exponent = int.Parse(text[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            return (digits.Length == 0 ? "0" : digits, exponent + 1);
        }

        throw new InvalidOperationException($"No round-trip form found for {value:R}.");
    }
}
