using System.Text;
using System.Text.Json.Nodes;
using Observability.Events;
using Observability.Projections;

namespace Observability.Proposals.Tests;

/// <summary>A log of findings (the finding contract's events) and decisions, read by the one reader and folded in order.</summary>
internal sealed class Findings
{
    public static readonly DateTimeOffset T0 = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly List<byte[]> _log = [];

    public void Add(JsonObject e) => _log.Add(Encoding.UTF8.GetBytes(e.ToJsonString()));

    /// <summary>A <c>finding:opened</c> event as the finding contract describes it.</summary>
    public static JsonObject Opened(
        string findingId, string kind, string severity, string subjectType, string subject, DateTimeOffset at, string[]? eventIds = null, JsonObject? figures = null) => new()
    {
        ["id"] = $"finding:opened:{findingId}",
        ["eventType"] = "finding:opened",
        ["entityType"] = "finding",
        ["entityId"] = findingId,
        ["timestamp"] = at.ToString("O"),
        ["metadata"] = new JsonObject
        {
            ["findingId"] = findingId,
            ["kind"] = kind,
            ["category"] = "pipeline",
            ["severity"] = severity,
            ["subjectType"] = subjectType,
            ["subject"] = subject,
            ["summary"] = $"{kind} on {subject}",
            ["recommendation"] = "Look at the failing runs.",
            ["evidence"] = new JsonObject
            {
                ["eventIds"] = new JsonArray([.. (eventIds ?? []).Select(i => (JsonNode)JsonValue.Create(i))]),
                ["figures"] = figures ?? [],
            },
            ["reviewRunId"] = "r-1",
        },
    };

    /// <summary>A <c>finding:closed</c> event.</summary>
    public static JsonObject Closed(string findingId, string kind, DateTimeOffset at) => new()
    {
        ["id"] = $"finding:closed:{findingId}",
        ["eventType"] = "finding:closed",
        ["entityType"] = "finding",
        ["entityId"] = findingId,
        ["timestamp"] = at.ToString("O"),
        ["metadata"] = new JsonObject { ["findingId"] = findingId, ["kind"] = kind, ["reason"] = "cleared" },
    };

    public void FoldInto(IProjection projection)
    {
        for (var i = 0; i < _log.Count; i++)
        {
            Assert.True(StoredEventReader.TryRead(_log[i], i, out var e), Encoding.UTF8.GetString(_log[i]));
            projection.Apply(e);
        }
    }

    public static T RoundTrip<T>(IProjection written, T fresh)
        where T : IProjection
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            written.WriteState(writer);
        }

        buffer.Position = 0;
        using var reader = new BinaryReader(buffer);
        fresh.ReadState(reader);
        Assert.Equal(buffer.Length, buffer.Position);
        return fresh;
    }
}
