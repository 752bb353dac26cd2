using System.Globalization;

namespace Observability.Metrics.Exposition;

/// <summary>
/// Picks the exposition format from an <c>Accept</c> header and compression from
/// <c>Accept-Encoding</c>, honouring q-values as Prometheus 2.x and 3.x send them, for example
/// <c>application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1</c>.
/// </summary>
public static class ExpositionNegotiator
{
    /// <summary>Content-Type of the Prometheus text format 0.0.4.</summary>
    public const string TextContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>Content-Type of OpenMetrics text 1.0.0.</summary>
    public const string OpenMetricsContentType = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    /// <summary>The exact Content-Type of <paramref name="format"/>.</summary>
    public static string ContentTypeOf(ExpositionFormat format) =>
        format == ExpositionFormat.OpenMetrics ? OpenMetricsContentType : TextContentType;

    /// <summary>
    /// The acceptable format with the highest q-value (the earlier on a tie); the text format when the
    /// header is absent or names nothing this library writes, as every Prometheus client does.
    /// </summary>
    public static ExpositionFormat SelectFormat(string? accept)
    {
        if (string.IsNullOrWhiteSpace(accept))
        {
            return ExpositionFormat.PrometheusText;
        }

        var best = ExpositionFormat.PrometheusText;
        var bestQuality = 0.0;
        foreach (var range in accept.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var (media, quality, version) = ParseRange(range);
            ExpositionFormat? candidate = media switch
            {
                "application/openmetrics-text" when version is null or "1.0.0" or "0.0.1" => ExpositionFormat.OpenMetrics,

                // Text 1.0.0 (Prometheus 3) differs from 0.0.4 only for UTF-8 names, which this library never writes.
                "text/plain" when version is null or "0.0.4" or "1.0.0" => ExpositionFormat.PrometheusText,
                "*/*" or "text/*" => ExpositionFormat.PrometheusText,
                _ => null,
            };

            if (candidate is { } format && quality > bestQuality)
            {
                best = format;
                bestQuality = quality;
            }
        }

        return best;
    }

    /// <summary>Whether <c>Accept-Encoding</c> admits gzip (explicitly or by <c>*</c>) with a non-zero q-value.</summary>
    public static bool AcceptsGzip(string? acceptEncoding)
    {
        if (string.IsNullOrWhiteSpace(acceptEncoding))
        {
            return false;
        }

        foreach (var coding in acceptEncoding.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var (name, quality, _) = ParseRange(coding);
            if (name is "gzip" or "*" && quality > 0)
            {
                return true;
            }
        }

        return false;
    }

    private static (string Media, double Quality, string? Version) ParseRange(string range)
    {
        var parts = range.Split(';', StringSplitOptions.TrimEntries);
        var quality = 1.0;
        string? version = null;
        foreach (var parameter in parts.AsSpan(1))
        {
            var eq = parameter.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                continue;
            }

            var key = parameter[..eq].Trim();
            var value = parameter[(eq + 1)..].Trim().Trim('"');
            if (key.Equals("q", StringComparison.OrdinalIgnoreCase))
            {
                // An unreadable q-value makes the range unacceptable rather than preferred.
                quality = double.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var q)
                    ? Math.Clamp(q, 0, 1)
                    : 0;
            }
            else if (key.Equals("version", StringComparison.OrdinalIgnoreCase))
            {
                version = value;
            }
        }

        return (parts[0].ToLowerInvariant(), quality, version);
    }
}
