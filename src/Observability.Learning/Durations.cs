using System.Globalization;

namespace Observability.Learning;

/// <summary>A duration as a person reads it: <c>45 s</c>, <c>12 min</c>, <c>2.5 h</c>, <c>3.1 d</c>.</summary>
internal static class Durations
{
    public static string Text(double seconds) => seconds switch
    {
        < 60 => seconds.ToString("0", CultureInfo.InvariantCulture) + " s",
        < 3600 => (seconds / 60).ToString("0", CultureInfo.InvariantCulture) + " min",
        < 86400 => (seconds / 3600).ToString("0.#", CultureInfo.InvariantCulture) + " h",
        _ => (seconds / 86400).ToString("0.#", CultureInfo.InvariantCulture) + " d",
    };
}
