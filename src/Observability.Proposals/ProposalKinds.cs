namespace Observability.Proposals;

/// <summary>
/// What kind of task each kind of finding proposes, after the pipeline-observability contract's auto-scheduling phase:
/// unblock a stalled goal, heal or diagnose a stuck pipeline, improve a task description from failure analysis, split a
/// large backlog item or add acceptance criteria; and, for the findings it does not name, merging duplicates, mending
/// the tests and reviewing usage. A kind the finding contract does not list yet proposes an investigation.
/// </summary>
internal static class ProposalKinds
{
    public const string UnblockGoal = "unblock_goal";
    public const string HealPipeline = "heal_pipeline";
    public const string DiagnosePipeline = "diagnose_pipeline";
    public const string ImproveTaskDescription = "improve_task_description";
    public const string SplitBacklogItem = "split_backlog_item";
    public const string AddAcceptanceCriteria = "add_acceptance_criteria";
    public const string MergeDuplicates = "merge_duplicates";
    public const string MendTests = "mend_tests";
    public const string ReviewUsage = "review_usage";
    public const string InvestigateFinding = "investigate_finding";

    /// <summary>Every proposal kind.</summary>
    public static readonly IReadOnlyList<string> All =
    [
        UnblockGoal, HealPipeline, DiagnosePipeline, ImproveTaskDescription, SplitBacklogItem, AddAcceptanceCriteria,
        MergeDuplicates, MendTests, ReviewUsage, InvestigateFinding,
    ];

    /// <summary>The finding contract's kinds and what each proposes (a repeated failure of one task: see <see cref="For"/>).</summary>
    public static readonly IReadOnlyDictionary<string, string> ByFindingKind = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["goal_stalled"] = UnblockGoal,
        ["stuck_phase"] = HealPipeline,
        ["stuck_task"] = HealPipeline,
        ["timeout_cluster"] = DiagnosePipeline,
        ["failure_rate_rising"] = DiagnosePipeline,
        ["repeated_failure"] = DiagnosePipeline,
        ["out_of_scope_change"] = ImproveTaskDescription,
        ["stale_task"] = SplitBacklogItem,
        ["aging_task"] = SplitBacklogItem,
        ["review_inconsistent"] = AddAcceptanceCriteria,
        ["duplicate_task"] = MergeDuplicates,
        ["coverage_drop"] = MendTests,
        ["flaky_test"] = MendTests,
        ["skipped_tests_rising"] = MendTests,
        ["token_spike"] = ReviewUsage,
        ["cost_spike"] = ReviewUsage,
        ["over_budget"] = ReviewUsage,
    };

    /// <summary>
    /// The proposal kind of a finding. The same task failing again and again is failure analysis of that task, so it
    /// proposes a clearer description; a stage failing again and again proposes a diagnosis.
    /// </summary>
    public static string For(string findingKind, string subjectType) =>
        findingKind == "repeated_failure" && subjectType == "task"
            ? ImproveTaskDescription
            : ByFindingKind.GetValueOrDefault(findingKind, InvestigateFinding);
}
