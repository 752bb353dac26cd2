using System.Text.RegularExpressions;
using Observability.Metrics;

namespace Observability.Cli.Deploy;

/// <summary>
/// The metric-name prefix the shipped rules, promtool tests and dashboards are written for, and how to rewrite them for
/// another one: every name that starts with <c>agentobs_</c> (a metric such as <c>agentobs_task_total</c>, the metric
/// part of a recording rule such as <c>job:agentobs_task_failures:ratio_rate1h</c>, a <c>family</c> label value) gets the
/// new prefix. Text that only looks alike stays: <c>AgentObs</c> alert names and their runbook anchors, the
/// <c>agentobs-sidecar</c> job and the <c>agentobs-prometheus</c> datasource uid, which are not metric names.
/// </summary>
internal static partial class MetricNamespace
{
    /// <summary>The namespace the sources are written for: the sidecar's default.</summary>
    public const string Source = "agentobs";

    /// <summary>Null when <paramref name="ns"/> is one the sidecar accepts as <c>Sidecar:Namespace</c>, else why not.</summary>
    public static string? Problem(string ns)
    {
        try
        {
            // The same check the sidecar runs on Sidecar:Namespace at start.
            new MetricRegistryOptions { Namespace = ns }.Validate();
            return null;
        }
        catch (ArgumentException e)
        {
            return e.Message;
        }
    }

    /// <summary>
    /// <paramref name="text"/> with every <c>agentobs_</c> name prefix replaced by <paramref name="ns"/>'s (nothing for
    /// the empty namespace, as the sidecar names its metrics then).
    /// </summary>
    public static string Rewrite(string text, string ns)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(ns);
        return Prefix().Replace(text, ns.Length == 0 ? string.Empty : ns + "_");
    }

    /// <summary>How many names in <paramref name="text"/> carry the source prefix.</summary>
    public static int Count(string text) => Prefix().Count(text);

    // A name starts where no other name character precedes it; ':' may (the metric part of a recording rule's name).
    // What follows is not looked at: "agentobs_.*" in a label matcher is the prefix too.
    [GeneratedRegex("(?<![A-Za-z0-9_])agentobs_", RegexOptions.CultureInvariant)]
    private static partial Regex Prefix();
}
