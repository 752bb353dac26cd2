using Observability.Metrics.Exposition;

namespace Observability.Metrics;

/// <summary>Collection: run the collectors, then write every family into a pooled buffer.</summary>
public sealed partial class MetricRegistry
{
    private readonly Lock _exclusive = new();

    // Collections in flight, or -1 while RunExclusive's action runs.
    private int _collections;

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
        var spin = default(SpinWait);
        for (var n = Volatile.Read(ref _collections); n < 0 || Interlocked.CompareExchange(ref _collections, n + 1, n) != n; n = Volatile.Read(ref _collections))
        {
            spin.SpinOnce();
        }

        try
        {
            return CollectNow(format, gzip);
        }
        finally
        {
            Interlocked.Decrement(ref _collections);
        }
    }

    /// <summary>
    /// Runs <paramref name="action"/> while no collection runs: collections in flight finish first, later ones wait. For
    /// a change no scrape may see half done (a refresh replacing every derived family's series).
    /// </summary>
    public void RunExclusive(Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        lock (_exclusive)
        {
            var spin = default(SpinWait);
            while (Interlocked.CompareExchange(ref _collections, -1, 0) != 0)
            {
                spin.SpinOnce();
            }

            try
            {
                action();
            }
            finally
            {
                Volatile.Write(ref _collections, 0);
            }
        }
    }

    private ExpositionPayload CollectNow(ExpositionFormat format, bool gzip)
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
