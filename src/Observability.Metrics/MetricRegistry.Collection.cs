using Observability.Metrics.Exposition;

namespace Observability.Metrics;

/// <summary>Collection: run the collectors, then write every family into a pooled buffer.</summary>
public sealed partial class MetricRegistry
{
    /// <summary>
    /// Collects every family in <paramref name="format"/>. The result is complete before anything is
    /// sent, so a caller whose collection throws can still answer with an error status.
    /// </summary>
    /// <param name="format">The wire format.</param>
    /// <param name="gzip">
    /// Compress while collecting: full chunks are gzipped on another thread as later families are
    /// written, so the scrape costs about the longer of the two rather than their sum.
    /// </param>
    /// <returns>The exposition; dispose it to return its buffers to the pool.</returns>
    public ExpositionPayload Collect(ExpositionFormat format, bool gzip = false)
    {
        foreach (var callback in Volatile.Read(ref _collectCallbacks))
        {
            callback();
        }

        var families = Volatile.Read(ref _sorted);
        foreach (var family in families)
        {
            _seriesCount.WithLabels(family.Name).Set(family.SeriesCount);
        }

        var writer = new ExpositionWriter(compress: gzip);
        try
        {
            foreach (var family in families)
            {
                family.Write(writer, format);
            }

            if (format == ExpositionFormat.OpenMetrics)
            {
                writer.Write("# EOF\n"u8);
            }

            return new ExpositionPayload(writer.Finish(), format, gzip);
        }
        catch
        {
            writer.Dispose();
            throw;
        }
    }

    /// <summary>Collects in <paramref name="format"/> and returns the UTF-8 text; for tests and tools.</summary>
    public string CollectAsString(ExpositionFormat format)
    {
        using var payload = Collect(format);
        return System.Text.Encoding.UTF8.GetString(payload.ToArray());
    }
}
