using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Observability.Events;
using Observability.Projections;

namespace Observability.Analytics.Tests;

/// <summary>
/// Builds deterministic event histories and folds them into projections, read by the one reader, in the order given
/// (which is the log order; timestamps may run backwards to model late arrivals).
/// </summary>
internal sealed class History
{
    /// <summary>The day every history happens on; times are "HH:mm" or "HH:mm:ss" of it unless a full timestamp is given.</summary>
    public static readonly DateTimeOffset Day = new(2026, 1, 5, 0, 0, 0, TimeSpan.Zero);

    private readonly IProjection[] _views;
    private long _sequence;

    public History(params IProjection[] views) => _views = views;

    public static DateTimeOffset At(string time) =>
        time.Contains('T', StringComparison.Ordinal)
            ? DateTimeOffset.Parse(time, CultureInfo.InvariantCulture)
            : Day + TimeSpan.Parse(time.Length == 5 ? time + ":00" : time, CultureInfo.InvariantCulture);

    public History Add(
        string id,
        string type,
        string entity,
        string time,
        string? chain = null,
        string? model = null,
        (long In, long Out)? tokens = null,
        object? metadata = null)
    {
        var e = new JsonObject
        {
            ["id"] = id,
            ["timestamp"] = At(time).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            ["eventType"] = type,
            ["entityId"] = entity,
        };
        if (chain is not null)
        {
            e["chainId"] = chain;
        }

        if (model is not null || tokens is not null)
        {
            var agent = new JsonObject { ["model"] = model };
            if (tokens is { } t)
            {
                agent["tokens"] = new JsonObject { ["input"] = t.In, ["output"] = t.Out };
            }

            e["agent"] = agent;
        }

        if (metadata is not null)
        {
            e["metadata"] = JsonSerializer.SerializeToNode(metadata);
        }

        if (!StoredEventReader.TryRead(System.Text.Encoding.UTF8.GetBytes(e.ToJsonString()), _sequence++, out var stored))
        {
            throw new InvalidOperationException("not an event");
        }

        foreach (var view in _views)
        {
            view.Apply(stored);
        }

        return this;
    }
}
