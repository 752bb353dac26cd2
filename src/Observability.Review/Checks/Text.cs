using System.Globalization;

namespace Observability.Review.Checks;

/// <summary>Numbers in a finding's summary, culture-free.</summary>
internal static class Text
{
    public static string F(double value, int decimals = 1) => value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    public static string N(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);
}
