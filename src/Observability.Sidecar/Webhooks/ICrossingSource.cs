using Observability.Analytics.Windows;

namespace Observability.Sidecar.Webhooks;

/// <summary>Where a receiver reads the log's stored crossings from, in log order.</summary>
internal interface ICrossingSource
{
    /// <summary>At most <paramref name="max"/> crossings stored at sequences in [<paramref name="from"/>, <paramref name="until"/>), oldest first.</summary>
    /// <exception cref="IOException">The log could not be read.</exception>
    IReadOnlyList<StoredCrossing> Read(long from, long until, int max);
}
