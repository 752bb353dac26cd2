using System.Globalization;
using System.Text;
using Observability.Events;
using System.Text.Json.Nodes;
using Observability.Analytics.Windows;

namespace Observability.Analytics.Tests.Windows;

/// <summary>Builds seed 004 events and feeds them to a <see cref="WindowsView"/> one by one.</summary>
internal sealed class Merges
{
    public static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private long _sequence;

    public Merges(WindowsOptions? options = null) => View = new MergeWindowsView(options ?? new WindowsOptions());

    public MergeWindowsView View { get; }

    public List<ThresholdCrossing> Crossings { get; } = [];

    /// <summary>Merges so far; the next merge's id is <c>m-{Count + 1}</c>.</summary>
    public int Count { get; private set; }

    public static JsonObject MergeJson(string id, int attempts, string? project = null, string? finalVerdict = null, DateTimeOffset? at = null, string? item = null)
    {
        var metadata = new JsonObject { ["attempts"] = attempts };
        if (project is not null)
        {
            metadata["project"] = project;
        }

        if (finalVerdict is not null)
        {
            metadata["finalVerdict"] = finalVerdict;
        }

        return new JsonObject
        {
            ["id"] = id,
            ["timestamp"] = (at ?? T0).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            ["eventType"] = "workitem:merged",
            ["entityType"] = "workitem",
            ["entityId"] = item ?? "wi-" + id,
            ["metadata"] = metadata,
        };
    }

    /// <summary>Adds <paramref name="times"/> merges with the same outcome; returns this for chaining.</summary>
    public Merges Add(int times, int attempts, string? project = null, string? finalVerdict = null)
    {
        for (var i = 0; i < times; i++)
        {
            Count++;
            Apply(MergeJson($"m-{Count}", attempts, project, finalVerdict, T0.AddMinutes(Count)));
        }

        return this;
    }

    public void Apply(JsonObject json)
    {
        Assert.True(StoredEventReader.TryRead(Encoding.UTF8.GetBytes(json.ToJsonString()), _sequence++, out var e));
        View.Apply(e);

        // Nothing stores them here, so every crossing derived so far is pending, in the order derived.
        Crossings.Clear();
        Crossings.AddRange(View.PendingCrossings);
    }

    public WindowsSnapshot Snapshot() => View.Snapshot();
}
