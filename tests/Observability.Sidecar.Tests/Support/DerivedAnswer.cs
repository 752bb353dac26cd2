using System.Text.Json.Nodes;

namespace Observability.Sidecar.Tests.Support;

/// <summary>
/// A JSON answer reduced to its derived state, for comparing answers computed at different moments (live, after a
/// restart, offline): the answer's own clock (when it was computed, a window ending "now") is removed at every depth.
/// </summary>
internal static class DerivedAnswer
{
    private static readonly string[] ClockKeys = ["generated_at", "computed_at", "timestamp", "from", "to"];

    public static string Of(string json) => Of(JsonNode.Parse(json)!);

    public static string Of(JsonNode node)
    {
        Strip(node);
        return node.ToJsonString();
    }

    private static void Strip(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var key in o.Select(p => p.Key).Where(ClockKeys.Contains).ToList())
                {
                    o.Remove(key);
                }

                foreach (var (_, child) in o)
                {
                    Strip(child);
                }

                break;
            case JsonArray a:
                foreach (var child in a)
                {
                    Strip(child);
                }

                break;
        }
    }
}
