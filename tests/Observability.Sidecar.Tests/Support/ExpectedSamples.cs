using System.Globalization;
using System.Text;

namespace Observability.Sidecar.Tests.Support;

/// <summary>
/// What a request should do to the product metrics: counter and histogram samples by how much they grow, gauges by
/// their new value. <see cref="AssertChanges"/> checks those and that nothing else among the product samples moved.
/// </summary>
internal sealed class ExpectedSamples(string metricNamespace = "agentobs")
{
    /// <summary>Families of the sidecar itself rather than of the mapped events; they move on every request.</summary>
    private static readonly string[] SelfFamilies =
    [
        "events_", "event_log_", "state_snapshot_", "dotnet_", "metric_series", "derivation_open_items", "build_info", "projection_",

        // Seed 004's windows: set from the log by a background loop a moment after a merge (WindowsTests check them).
        "first_pass_merge_rate", "rebase_conflict_rate", "attempts_to_merge_p95", "merge_window_", "trust_lost",
        "scope_tightened", "webhook_",
    ];

    private readonly Dictionary<string, double> _deltas = new(StringComparer.Ordinal);
    private readonly Dictionary<string, double> _values = new(StringComparer.Ordinal);

    public string Namespace { get; } = metricNamespace;

    public bool IsEmpty => _deltas.Count == 0 && _values.Count == 0;

    /// <summary>A counter sample grows by <paramref name="by"/>; <paramref name="name"/> is without the namespace.</summary>
    public ExpectedSamples Inc(string name, double by, params string[] labelPairs)
    {
        var key = MetricsSnapshot.Key(Full(name), labelPairs);
        _deltas[key] = _deltas.GetValueOrDefault(key) + by;
        return this;
    }

    /// <summary>A gauge sample is set to <paramref name="value"/>.</summary>
    public ExpectedSamples Set(string name, double value, params string[] labelPairs)
    {
        _values[MetricsSnapshot.Key(Full(name), labelPairs)] = value;
        return this;
    }

    /// <summary>A histogram series receives <paramref name="observations"/>: every bucket, +Inf, _sum and _count.</summary>
    public ExpectedSamples Observe(string name, double[] buckets, double[] observations, params string[] labelPairs)
    {
        foreach (var le in buckets)
        {
            Inc(name + "_bucket", observations.Count(o => o <= le), [.. labelPairs, "le", le.ToString("R", CultureInfo.InvariantCulture)]);
        }

        Inc(name + "_bucket", observations.Length, [.. labelPairs, "le", "+Inf"]);
        Inc(name + "_sum", observations.Sum(), labelPairs);
        Inc(name + "_count", observations.Length, labelPairs);
        return this;
    }

    public string Full(string name) => $"{Namespace}_{name}";

    public bool IsProductSample(string sampleName) =>
        sampleName.StartsWith(Namespace + "_", StringComparison.Ordinal)
        && !SelfFamilies.Any(f => sampleName.AsSpan(Namespace.Length + 1).StartsWith(f, StringComparison.Ordinal));

    /// <summary>
    /// Every expected delta and value holds between <paramref name="before"/> and <paramref name="after"/>, and no
    /// other product sample changed, appeared or disappeared.
    /// </summary>
    public void AssertChanges(MetricsSnapshot before, MetricsSnapshot after, string context)
    {
        var problems = new List<string>();
        foreach (var (key, delta) in _deltas)
        {
            if (!after.ByKey.TryGetValue(key, out var sample))
            {
                problems.Add($"missing {key} (expected +{Format(delta)})");
                continue;
            }

            var actual = sample.Value - (before.ByKey.TryGetValue(key, out var old) ? old.Value : 0);
            if (!Close(actual, delta))
            {
                problems.Add($"{key} changed by {Format(actual)}, expected {Format(delta)}");
            }
        }

        foreach (var (key, value) in _values)
        {
            if (!after.ByKey.TryGetValue(key, out var sample))
            {
                problems.Add($"missing {key} (expected {Format(value)})");
            }
            else if (!Close(sample.Value, value))
            {
                problems.Add($"{key} is {Format(sample.Value)}, expected {Format(value)}");
            }
        }

        foreach (var sample in after.Samples.Where(s => IsProductSample(s.Name)))
        {
            if (_deltas.ContainsKey(sample.Key) || _values.ContainsKey(sample.Key))
            {
                continue;
            }

            if (!before.ByKey.TryGetValue(sample.Key, out var old))
            {
                problems.Add($"unexpected new series {sample.Key} = {Format(sample.Value)}");
            }
            else if (!Close(old.Value, sample.Value) && !(double.IsNaN(old.Value) && double.IsNaN(sample.Value)))
            {
                problems.Add($"unexpected change of {sample.Key}: {Format(old.Value)} -> {Format(sample.Value)}");
            }
        }

        foreach (var sample in before.Samples.Where(s => IsProductSample(s.Name) && !after.ByKey.ContainsKey(s.Key)))
        {
            problems.Add($"series {sample.Key} disappeared");
        }

        if (problems.Count > 0)
        {
            var message = new StringBuilder($"{context}: the product metrics did not change as mapped:\n  ");
            message.AppendJoin("\n  ", problems);
            throw new Xunit.Sdk.XunitException(message.ToString());
        }
    }

    private static bool Close(double actual, double expected) =>
        actual == expected || Math.Abs(actual - expected) <= 1e-9 * Math.Max(1, Math.Abs(expected)) || (double.IsNaN(actual) && double.IsNaN(expected));

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
