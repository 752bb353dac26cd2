namespace Observability.Experiments.Declarations;

/// <summary>A goal's target as a rate: <paramref name="Name"/> at least <paramref name="AtLeast"/> once <paramref name="MinimumUnits"/> units finished.</summary>
/// <param name="Name">One of <see cref="GoalMetrics"/>.</param>
/// <param name="AtLeast">The value to reach, 0 to 1.</param>
/// <param name="MinimumUnits">Finished units needed before the rate counts.</param>
public sealed record GoalMetricTarget(string Name, double AtLeast, int MinimumUnits);
