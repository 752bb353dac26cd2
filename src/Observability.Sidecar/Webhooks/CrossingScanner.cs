using System.Text.Json;
using Observability.Analytics;
using Observability.Analytics.Windows;
using Observability.EventLog;

namespace Observability.Sidecar.Webhooks;

/// <summary>
/// Reads the log's <c>threshold:crossed</c> records in log order from a sequence on, resuming where the previous call
/// stopped (an <see cref="EventLogCursor"/>), and parses only the records that can be one: a record holds a crossing
/// only if its bytes contain <c>threshold:crossed</c>, or a <c>\u</c> escape (the only escape that can spell a letter
/// or a colon), so most records cost a byte search.
/// The envelope is read by the analytics' reader (<see cref="AnalyticsFeed.Parse"/>).
/// </summary>
/// <remarks>Not thread-safe: one scanner per reader.</remarks>
internal sealed class CrossingScanner
{
    private readonly EventLogCursor _cursor;
    private readonly RecordHandler _handler;
    private Action<PendingCrossing>? _onCrossing;

    public CrossingScanner(string directory, long fromSequence)
    {
        _cursor = new EventLogCursor(directory, fromSequence);
        _handler = (sequence, payload) =>
        {
            if (TryRead(sequence, payload) is { } crossing)
            {
                _onCrossing!(crossing);
            }
        };
    }

    /// <summary>The first sequence not read yet.</summary>
    public long NextSequence => _cursor.NextSequence;

    /// <summary>Candidate records that turned out not to be readable JSON (skipped, as the analytics skip them).</summary>
    public long Unreadable { get; private set; }

    /// <summary>Reads at most <paramref name="maxRecords"/> records before <paramref name="untilSequence"/>, handing each crossing over.</summary>
    /// <returns>How many records were read.</returns>
    public int Scan(long untilSequence, int maxRecords, Action<PendingCrossing> onCrossing)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRecords, 1);
        var until = Math.Min(untilSequence, _cursor.NextSequence + maxRecords);
        if (until <= _cursor.NextSequence)
        {
            return 0;
        }

        _onCrossing = onCrossing;
        try
        {
            return _cursor.ReadAvailable(_handler, until);
        }
        finally
        {
            _onCrossing = null;
        }
    }

    private PendingCrossing? TryRead(long sequence, ReadOnlySpan<byte> payload)
    {
        if (payload.IndexOf("threshold:crossed"u8) < 0 && payload.IndexOf("\\u"u8) < 0)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(payload.ToArray());
            if (AnalyticsFeed.Parse(sequence, document.RootElement) is not { EventType: WindowNames.CrossingEventType } e)
            {
                return null;
            }

            return new PendingCrossing(sequence, e.Id, WebhookSignature.MessageId(e.Id), CrossingBody.Write(e));
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: an escape that is not valid Unicode. The ingestion API refuses those now.
            Unreadable++;
            return null;
        }
    }
}
