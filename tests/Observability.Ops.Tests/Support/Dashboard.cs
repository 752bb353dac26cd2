using System.Text.Json.Nodes;

namespace Observability.Ops.Tests.Support;

/// <summary>A panel of a dashboard: its type, unit and PromQL targets.</summary>
internal sealed record Panel(string Dashboard, string Title, string Type, string? Unit, JsonNode? Datasource, IReadOnlyList<string> Exprs)
{
    public override string ToString() => $"{Dashboard}: \"{Title}\"";
}

/// <summary>A provisioned Grafana dashboard file.</summary>
internal sealed class Dashboard
{
    private Dashboard(string file, JsonObject json)
    {
        File = file;
        Json = json;
    }

    public string File { get; }

    public string Name => Path.GetFileName(File);

    public JsonObject Json { get; }

    public string? Uid => Json["uid"]?.GetValue<string>();

    public IReadOnlyList<JsonObject> Variables =>
        [.. (Json["templating"]?["list"]?.AsArray() ?? []).OfType<JsonObject>()];

    /// <summary>Every panel, rows' nested panels included.</summary>
    public IReadOnlyList<Panel> Panels => [.. Flatten(Json["panels"]?.AsArray() ?? []).Select(p => new Panel(
        Name,
        p["title"]?.GetValue<string>() ?? "(untitled)",
        p["type"]?.GetValue<string>() ?? "(no type)",
        p["fieldConfig"]?["defaults"]?["unit"]?.GetValue<string>(),
        p["datasource"],
        [.. (p["targets"]?.AsArray() ?? []).OfType<JsonObject>().Select(t => t["expr"]?.GetValue<string>()).OfType<string>()]))];

    public static IReadOnlyList<Dashboard> All() => All(Repo.DashboardsDirectory);

    /// <summary>The dashboards of a folder, e.g. a set generated for another namespace.</summary>
    public static IReadOnlyList<Dashboard> All(string directory)
    {
        var files = Directory.GetFiles(directory, "*.json").Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(files);
        return [.. files.Select(f => new Dashboard(f, JsonNode.Parse(System.IO.File.ReadAllText(f))!.AsObject()))];
    }

    /// <summary>
    /// A query as Grafana would send it with every template variable at "All" (<c>.*</c>) and
    /// <c>$__rate_interval</c> at <paramref name="rateInterval"/>.
    /// </summary>
    public static string Resolve(string expr, string rateInterval) => expr
        .Replace("$__rate_interval", rateInterval, StringComparison.Ordinal)
        .Replace("$__interval", rateInterval, StringComparison.Ordinal)
        .Replace("$__range", rateInterval, StringComparison.Ordinal)
        .Replace("$project", ".*", StringComparison.Ordinal)
        .Replace("$agent_type", ".*", StringComparison.Ordinal)
        .Replace("$model", ".*", StringComparison.Ordinal)
        .Replace("$experiment", ".*", StringComparison.Ordinal)
        .Replace("$goal", ".*", StringComparison.Ordinal);

    private static IEnumerable<JsonObject> Flatten(JsonArray panels)
    {
        foreach (var panel in panels.OfType<JsonObject>())
        {
            yield return panel;
            foreach (var nested in Flatten(panel["panels"]?.AsArray() ?? []))
            {
                yield return nested;
            }
        }
    }
}
