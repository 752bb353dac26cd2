using System.Globalization;
using System.Text.Json;
using Observability.EventLog;
using Observability.Shared;

namespace Observability.Analytics;

/// <summary>
/// Folds the event log into a set of <see cref="IAnalyticsView"/>s, reading only what was appended since the last
/// catch-up. The log stays the single source of truth: a view's state is always "the log up to
/// <see cref="NextSequence"/>", and a restart rebuilds it by reading the log from the start.
/// </summary>
/// <remarks>
/// Thread-safe: <see cref="CatchUp"/> and <see cref="Read{T}"/> serialize on one lock, so a reader never sees a
/// view half-way through an event. <see cref="Version"/> changes whenever events were applied, which is what
/// views key their caches on ("recomputed only when the log has grown").
/// </remarks>
public sealed class AnalyticsFeed
{
    private readonly IAnalyticsView[] _views;
    private readonly Lock _gate = new();
    private readonly EventLogCursor _cursor;
    private readonly RecordHandler _apply;
    private long _nextSequence;
    private long _skipped;

    /// <summary>Creates a feed over the log in <paramref name="directory"/>; nothing is read until <see cref="CatchUp"/>.</summary>
    public AnalyticsFeed(string directory, IEnumerable<IAnalyticsView> views)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentNullException.ThrowIfNull(views);
        _views = [.. views];
        _cursor = new EventLogCursor(directory);
        _apply = (sequence, payload) =>
        {
            ApplyRecord(sequence, payload);
            Interlocked.Exchange(ref _nextSequence, sequence + 1);
        };
    }

    /// <summary>The first sequence number not yet applied.</summary>
    public long NextSequence
    {
        get { lock (_gate) { return _nextSequence; } }
    }

    /// <summary>Changes whenever events were applied; equal versions mean equal view states.</summary>
    public long Version => Interlocked.Read(ref _nextSequence);

    /// <summary>Records skipped: not JSON, no id/timestamp/eventType, or text a view could not read.</summary>
    public long Skipped => Interlocked.Read(ref _skipped);

    /// <summary>The views, in the order they are applied.</summary>
    public IReadOnlyList<IAnalyticsView> Views => _views;

    /// <summary>Applies every record appended since the last call, up to (not including) <paramref name="untilSequence"/>.</summary>
    /// <returns>How many records were read.</returns>
    public int CatchUp(long untilSequence = long.MaxValue)
    {
        lock (_gate)
        {
            // The cursor resumes where the previous catch-up stopped, so a poll that finds nothing new reads nothing.
            return _cursor.ReadAvailable(_apply, untilSequence);
        }
    }

    /// <summary>Runs <paramref name="query"/> under the feed's lock, after catching up when <paramref name="catchUp"/> is true.</summary>
    public T Read<T>(Func<T> query, bool catchUp = true)
    {
        ArgumentNullException.ThrowIfNull(query);
        lock (_gate)
        {
            if (catchUp)
            {
                CatchUp();
            }

            return query();
        }
    }

    /// <summary>Applies one event directly, without the log (deterministic tests of a view's arithmetic).</summary>
    public void Apply(AnalyticsEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        lock (_gate)
        {
            foreach (var view in _views)
            {
                view.Apply(e);
            }
        }
    }

    private void ApplyRecord(long sequence, ReadOnlySpan<byte> payload)
    {
        if (!StoredEventReader.TryRead(sequence, payload, out var e, out var metadata))
        {
            Interlocked.Increment(ref _skipped);
            return;
        }

        using (metadata)
        {
            try
            {
                foreach (var view in _views)
                {
                    view.Apply(e!);
                }
            }
            catch (InvalidOperationException)
            {
                // A metadata string a view reads holds an escape that is not valid Unicode: the ingestion API refuses
                // those now, a log written before may still hold one. Skipped, not a stalled feed.
                Interlocked.Increment(ref _skipped);
            }
        }
    }

    /// <summary>Reads the envelope of one stored event; null when it lacks an id, a timestamp or an event type.</summary>
    public static AnalyticsEvent? Parse(long sequence, JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object
            || String(root, "id") is not { } id
            || String(root, "eventType") is not { } eventType
            || String(root, "timestamp") is not { } timestampText
            || !DateTimeOffset.TryParse(timestampText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var timestamp))
        {
            return null;
        }

        string? model = null, role = null;
        long? input = null, output = null;
        if (root.TryGetProperty("agent", out var agent) && agent.ValueKind == JsonValueKind.Object)
        {
            model = String(agent, "model");
            role = String(agent, "role");
            if (agent.TryGetProperty("tokens", out var tokens) && tokens.ValueKind == JsonValueKind.Object)
            {
                input = Whole(tokens, "input");
                output = Whole(tokens, "output");
            }
        }

        return new AnalyticsEvent
        {
            Sequence = sequence,
            Id = id,
            Timestamp = timestamp,
            EventType = eventType,
            EntityType = String(root, "entityType"),
            EntityId = String(root, "entityId"),
            ChainId = String(root, "chainId"),
            RequestId = String(root, "requestId"),
            Model = model,
            Role = role,
            InputTokens = input,
            OutputTokens = output,
            Metadata = root.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object ? metadata : default,
        };
    }

    private static string? String(JsonElement o, string name) =>
        o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    // As the stored-event reader reads token counts: any spelling of a whole number, within the bound.
    private static long? Whole(JsonElement o, string name) =>
        o.TryGetProperty(name, out var v) && NumberLimits.TryWhole(v, 0, NumberLimits.MaxTokens, out var n) ? n : null;
}
