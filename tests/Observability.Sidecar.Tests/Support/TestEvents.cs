using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Observability.Sidecar.Tests.Support;

/// <summary>Builds events in seed 000's envelope and request bodies from them.</summary>
internal static class TestEvents
{
    /// <summary>The time of seed 000's examples; fixed so derived durations are exact.</summary>
    public static readonly DateTimeOffset T0 = new(2025, 12, 7, 10, 0, 0, TimeSpan.Zero);

    private static int _counter;

    /// <summary>A process-unique id with a readable prefix.</summary>
    public static string NewId(string prefix) =>
        $"{prefix}-{Interlocked.Increment(ref _counter).ToString(CultureInfo.InvariantCulture)}-{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>A short unique suffix for label values, so that a test's series are its own.</summary>
    public static string Unique() => Guid.NewGuid().ToString("N")[..10];

    public static JsonObject Make(
        string id,
        string eventType,
        string entityId,
        DateTimeOffset timestamp,
        JsonObject? metadata = null,
        JsonObject? agent = null)
    {
        var e = new JsonObject
        {
            ["id"] = id,
            ["timestamp"] = Iso(timestamp),
            ["eventType"] = eventType,
            ["entityType"] = eventType[..eventType.IndexOf(':', StringComparison.Ordinal)],
            ["entityId"] = entityId,
        };
        if (agent is not null)
        {
            e["agent"] = agent;
        }

        if (metadata is not null)
        {
            e["metadata"] = metadata;
        }

        return e;
    }

    public static JsonObject Agent(string model, string role, long? input = null, long? output = null)
    {
        var agent = new JsonObject { ["model"] = model, ["role"] = role };
        if (input is not null || output is not null)
        {
            agent["tokens"] = new JsonObject { ["input"] = input, ["output"] = output };
        }

        return agent;
    }

    public static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    public static string Array(IEnumerable<JsonNode> events) => new JsonArray([.. events.Select(e => e.DeepClone())]).ToJsonString();

    public static string Ndjson(IEnumerable<JsonNode> events)
    {
        var body = new StringBuilder();
        foreach (var e in events)
        {
            body.Append(e.ToJsonString()).Append('\n');
        }

        return body.ToString();
    }

    public static string IdOf(JsonNode e) => e["id"]!.GetValue<string>();
}
