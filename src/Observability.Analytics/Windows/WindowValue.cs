using System.Text.Json.Serialization;

namespace Observability.Analytics.Windows;

/// <summary>One window's answer for one scope.</summary>
/// <param name="Value">The effective value; null (undefined) until the window it comes from is full.</param>
/// <param name="N">Merges in this scope's own window (so a project in fallback shows how far it has come).</param>
/// <param name="Window">The window's size.</param>
/// <param name="Source"><c>project</c> when the value is the project's own, <c>global</c> when it falls back (always <c>global</c> for <c>_global</c>).</param>
public sealed record WindowValue(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? Value,
    int N,
    int Window,
    string Source)
{
    /// <summary><c>project</c>.</summary>
    public const string ProjectSource = "project";

    /// <summary><c>global</c>.</summary>
    public const string GlobalSource = "global";

    /// <summary>True when the value is the global one standing in for a project.</summary>
    [JsonIgnore]
    public bool IsFallback => Source == GlobalSource;

    /// <summary>The CLI's line, e.g. <c>first_pass_merge_rate = undefined (n=23/50)</c>.</summary>
    public string Describe(string name, bool ofProject) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{name} = {(Value is { } v ? v.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture) : "undefined")} (n={N}/{Window}{(ofProject && IsFallback ? ", global fallback" : string.Empty)})");
}
