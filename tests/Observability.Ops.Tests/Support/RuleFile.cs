using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Observability.Ops.Tests.Support;

/// <summary>One rule of alerts.yml.</summary>
internal sealed record Rule(
    string Group,
    string? Alert,
    string? Record,
    string Expr,
    string? For,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, string> Annotations)
{
    public string Name => Alert ?? Record!;
}

/// <summary>alerts.yml: its rules, and a copy with short durations for the live scenario.</summary>
internal static partial class RuleFile
{
    public static IReadOnlyList<Rule> Load(string path)
    {
        var root = Yaml.Load(path);
        return [.. root.Seq("groups").SelectMany(group => group.Seq("rules").Select(rule => new Rule(
            group.Str("name")!,
            rule.Str("alert"),
            rule.Str("record"),
            rule.Str("expr") ?? throw new Xunit.Sdk.XunitException($"A rule of group {group.Str("name")} has no expr."),
            rule.Str("for"),
            rule.Map("labels"),
            rule.Map("annotations"))))];
    }

    public static IReadOnlyList<Rule> Alerts(string path) => [.. Load(path).Where(r => r.Alert is not null)];

    /// <summary>
    /// alerts.yml with every range and offset set to <paramref name="range"/>, every <c>for</c> to <paramref name="hold"/>
    /// and every group interval to <paramref name="interval"/>: the same rules, fast enough for a scenario of seconds.
    /// Thresholds, labels and annotations are untouched.
    /// </summary>
    public static string Shortened(string text, string range, string hold, string interval)
    {
        var stream = Yaml.Stream(text);
        var root = (YamlMappingNode)stream.Documents.Single().RootNode;
        foreach (var group in root.Seq("groups").Cast<YamlMappingNode>())
        {
            group.Children[new YamlScalarNode("interval")] = new YamlScalarNode(interval);
            foreach (var rule in group.Seq("rules").Cast<YamlMappingNode>())
            {
                var expr = (YamlScalarNode)rule.Req("expr");
                expr.Value = Offset().Replace(Range().Replace(expr.Value!, $"[{range}]"), $"offset {range}");
                if (rule.Get("for") is not null)
                {
                    rule.Children[new YamlScalarNode("for")] = new YamlScalarNode(hold);
                }
            }
        }

        using var writer = new StringWriter();
        stream.Save(writer, assignAnchors: false);
        return writer.ToString();
    }

    /// <summary>Metric names (not recording rules, not functions or labels) an expression selects.</summary>
    public static IEnumerable<string> MetricNames(string expr) =>
        MetricName().Matches(StringLiteral().Replace(expr, "\"\"")).Select(m => m.Value).Distinct(StringComparer.Ordinal);

    /// <summary>As <see cref="MetricNames(string)"/>, for the metrics of namespace <paramref name="ns"/> (a generated set).</summary>
    public static IEnumerable<string> MetricNames(string expr, string ns) =>
        new Regex($@"(?<![\w:])({Regex.Escape(ns)}_[a-z0-9_]+|up|process_[a-z0-9_]+)(?![\w:(])", RegexOptions.CultureInvariant)
            .Matches(StringLiteral().Replace(expr, "\"\"")).Select(m => m.Value).Distinct(StringComparer.Ordinal);

    /// <summary>Recording-rule names (level:metric:operation) an expression selects.</summary>
    public static IEnumerable<string> RecordingRuleNames(string expr) =>
        RecordingName().Matches(StringLiteral().Replace(expr, "\"\"")).Select(m => m.Value).Distinct(StringComparer.Ordinal);

    [GeneratedRegex(@"\[(\d+(ms|s|m|h|d|w|y))+\]")]
    private static partial Regex Range();

    [GeneratedRegex(@"offset (\d+(ms|s|m|h|d|w|y))+")]
    private static partial Regex Offset();

    [GeneratedRegex(@"(?<![\w:])(agentobs_[a-z0-9_]+|up|process_[a-z0-9_]+)(?![\w:(])")]
    private static partial Regex MetricName();

    [GeneratedRegex(@"(?<![\w:])[a-z_]+:[a-z0-9_]+:[a-z0-9_]+(?![\w:])")]
    private static partial Regex RecordingName();

    [GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"")]
    private static partial Regex StringLiteral();
}
