namespace Observability.Experiments.Declarations;

/// <summary>A validated goal declaration.</summary>
/// <param name="Name">The unique name.</param>
/// <param name="Units">What is counted (tasks or merges).</param>
/// <param name="TargetCount">Units needed to be done; null: every unit of the backlog.</param>
/// <param name="Filter">Key and value pairs that put a unit in the backlog beside <c>metadata.goal</c>, sorted by key; empty: none.</param>
/// <param name="Due">When the goal is due; null: no due date.</param>
/// <param name="Metric">The rate the goal is to reach (<see cref="GoalMetrics"/>), or null for a count goal.</param>
public sealed record Goal(
    string Name, UnitKind Units, int? TargetCount, IReadOnlyList<KeyValuePair<string, string>> Filter, DateTimeOffset? Due, GoalMetricTarget? Metric = null)
{
    /// <summary>The declaration in its canonical form.</summary>
    public GoalSpec ToSpec() => new()
    {
        Name = Name,
        Units = Units.Name(),
        TargetCount = TargetCount,
        Filter = Filter.Count == 0 ? null : Filter.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal),
        Due = Due,
        Metric = Metric?.Name,
        AtLeast = Metric?.AtLeast,
        MinimumUnits = Metric?.MinimumUnits,
    };
}
