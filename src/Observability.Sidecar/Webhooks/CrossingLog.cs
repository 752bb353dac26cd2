using Observability.Analytics.Windows;
using Observability.EventLog;
using Observability.Events;

namespace Observability.Sidecar.Webhooks;

/// <summary>
/// The crossings read from the log's files with the one reader: only for a receiver further behind than the host keeps
/// crossings, which is rare. A record holds a crossing only if its bytes contain <c>threshold:crossed</c> or a <c>\u</c>
/// escape (the only escape that can spell a letter or a colon), so most records cost a byte search.
/// </summary>
internal sealed class CrossingLog(string directory) : ICrossingSource
{
    public IReadOnlyList<StoredCrossing> Read(long from, long until, int max)
    {
        var found = new List<StoredCrossing>();
        if (from >= until)
        {
            return found;
        }

        var cursor = new EventLogCursor(directory, from);
        var stop = false;
        while (!stop && cursor.NextSequence < until)
        {
            if (cursor.ReadAvailable(OnRecord, until) == 0)
            {
                break;
            }
        }

        return found;

        void OnRecord(long sequence, ReadOnlySpan<byte> payload)
        {
            if (stop || (payload.IndexOf("threshold:crossed"u8) < 0 && payload.IndexOf("\\u"u8) < 0))
            {
                return;
            }

            if (StoredEventReader.TryRead(payload.ToArray(), sequence, out var e) && e.EventType == WindowNames.CrossingEventType)
            {
                found.Add(new StoredCrossing(sequence, e.Id, e.Timestamp, e.Metadata.Raw.ToArray()));
                stop = found.Count == max;
            }
        }
    }
}
