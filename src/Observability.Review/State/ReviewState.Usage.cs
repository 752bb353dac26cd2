using Observability.Events;

namespace Observability.Review.State;

/// <summary>Usage: tokens and cost per model and per project per UTC day.</summary>
internal sealed partial class ReviewState
{
    /// <summary>Per-day figures of a usage series: tokens, cost in US dollars, events.</summary>
    public const int Tokens = 0, Cost = 1, Calls = 2;

    private readonly Dictionary<string, Buckets> _usage = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _lastUsageEvent = new(StringComparer.Ordinal);

    /// <summary>Per-day sums by series key (<see cref="UsageKey"/>).</summary>
    public IReadOnlyDictionary<string, Buckets> Usage => _usage;

    /// <summary>The last event that added to a series, for the evidence.</summary>
    public IReadOnlyDictionary<string, string> LastUsageEvent => _lastUsageEvent;

    public static string UsageKey(string subjectType, string subject) => $"{subjectType}\n{subject}";

    // llm:call, task:completed and task:failed carry usage: agent.tokens (input + output) and metadata.costUsd as reported.
    private void ApplyUsage(in StoredEvent e)
    {
        var tokens = (e.TokensInput ?? 0) + (e.TokensOutput ?? 0);
        var cost = e.Metadata.Bounded("costUsd") ?? 0;
        if (tokens <= 0 && cost <= 0)
        {
            return;
        }

        var day = Day(e.Timestamp);
        if (e.Model is { } model)
        {
            AddUsage(UsageKey("model", model), day, tokens, cost, e.Id);
        }

        if (e.Metadata.Text("project"u8) is { } project)
        {
            AddUsage(UsageKey("project", project), day, tokens, cost, e.Id);
        }
    }

    private void AddUsage(string key, long day, long tokens, double cost, string eventId)
    {
        if (!_usage.TryGetValue(key, out var series))
        {
            _usage[key] = series = new Buckets(3);
        }

        series.Add(day, Tokens, tokens);
        series.Add(day, Cost, cost);
        series.Add(day, Calls, 1);
        _lastUsageEvent[key] = eventId;
    }

    private void WriteUsage(BinaryWriter w)
    {
        w.Write(_usage.Count);
        foreach (var (key, b) in _usage)
        {
            w.Write(key);
            b.Write(w);
            w.Write(_lastUsageEvent.GetValueOrDefault(key) ?? string.Empty);
        }
    }

    private void ReadUsage(BinaryReader r)
    {
        _usage.Clear();
        _lastUsageEvent.Clear();
        var count = r.ReadCount();
        for (var i = 0; i < count; i++)
        {
            var key = r.ReadString();
            _usage[key] = Buckets.Read(r, 3);
            _lastUsageEvent[key] = r.ReadString();
        }
    }
}
