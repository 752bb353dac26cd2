namespace Observability.Review.Findings;

/// <summary>One kind of finding: its snake_case name, its category and the severity its check gives it.</summary>
/// <param name="Name">The <c>metadata.kind</c> value.</param>
/// <param name="Category">The <c>metadata.category</c> value.</param>
/// <param name="Severity">The <c>metadata.severity</c> the check gives.</param>
internal sealed record FindingKind(string Name, string Category, string Severity);

/// <summary>The fixed, documented set of finding kinds (docs/review.md), so a gauge's <c>kind</c> label is bounded.</summary>
internal static class FindingKinds
{
    public static readonly FindingKind StaleTask = new("stale_task", "queue", Severities.Warning);
    public static readonly FindingKind StuckTask = new("stuck_task", "queue", Severities.Warning);
    public static readonly FindingKind DuplicateTask = new("duplicate_task", "queue", Severities.Info);
    public static readonly FindingKind AgingTask = new("aging_task", "queue", Severities.Warning);
    public static readonly FindingKind StuckPhase = new("stuck_phase", "pipeline", Severities.Warning);
    public static readonly FindingKind TimeoutCluster = new("timeout_cluster", "pipeline", Severities.Warning);
    public static readonly FindingKind RepeatedFailure = new("repeated_failure", "pipeline", Severities.Warning);
    public static readonly FindingKind FailureRateRising = new("failure_rate_rising", "pipeline", Severities.Warning);
    public static readonly FindingKind TokenSpike = new("token_spike", "usage", Severities.Warning);
    public static readonly FindingKind CostSpike = new("cost_spike", "usage", Severities.Warning);
    public static readonly FindingKind OverBudget = new("over_budget", "usage", Severities.Critical);
    public static readonly FindingKind CoverageDrop = new("coverage_drop", "testing", Severities.Warning);
    public static readonly FindingKind FlakyTest = new("flaky_test", "testing", Severities.Warning);
    public static readonly FindingKind SkippedTestsRising = new("skipped_tests_rising", "testing", Severities.Info);
    public static readonly FindingKind ReviewInconsistent = new("review_inconsistent", "review", Severities.Warning);
    public static readonly FindingKind OutOfScopeChange = new("out_of_scope_change", "implementation", Severities.Warning);
    public static readonly FindingKind GoalStalled = new("goal_stalled", "goals", Severities.Warning);

    /// <summary>Every kind, in documentation order.</summary>
    public static readonly IReadOnlyList<FindingKind> All =
    [
        StaleTask, StuckTask, DuplicateTask, AgingTask, StuckPhase, TimeoutCluster, RepeatedFailure, FailureRateRising,
        TokenSpike, CostSpike, OverBudget, CoverageDrop, FlakyTest, SkippedTestsRising, ReviewInconsistent, OutOfScopeChange, GoalStalled,
    ];

    private static readonly Dictionary<string, FindingKind> ByName = All.ToDictionary(k => k.Name, StringComparer.Ordinal);

    /// <summary>The kind named <paramref name="name"/>, or null.</summary>
    public static FindingKind? Find(string? name) => name is not null && ByName.TryGetValue(name, out var kind) ? kind : null;
}
