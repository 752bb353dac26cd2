namespace Observability.Learning.Patterns;

/// <summary>
/// The recommended action of a failure pattern: the configured table (<c>Learning:Actions</c>) by
/// <c>stage:failureType</c>, then by failure type, then the defaults below, then <see cref="Fallback"/>.
/// </summary>
internal sealed class RecommendedActions
{
    /// <summary>The action when nothing more specific is known.</summary>
    public const string Fallback = "Read the failing stage's log, record the root cause on the task, and fix it before retrying.";

    /// <summary>Actions for the failure types pipelines commonly report.</summary>
    public static readonly IReadOnlyDictionary<string, string> Defaults = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["timeout"] = "Split the task into smaller steps or raise the stage's time limit; look for hung external calls first.",
        ["test_failure"] = "Run the failing tests locally before handing the task on; fix the code, not the assertion.",
        ["flaky_test"] = "Quarantine the flaky test and open a task to make it deterministic; do not retry blindly.",
        ["lint"] = "Run the linter and formatter before committing.",
        ["build_error"] = "Build locally with the pipeline's configuration before pushing.",
        ["compile_error"] = "Build locally with the pipeline's configuration before pushing.",
        ["type_error"] = "Run the type checker before committing.",
        ["merge_conflict"] = "Rebase on the target branch before review and keep changes small.",
        ["rebase_conflict"] = "Rebase on the target branch before review and keep changes small.",
        ["dependency"] = "Pin the dependency's version and check the lock file in.",
        ["out_of_memory"] = "Profile the step's memory and lower its batch size, or raise its memory limit.",
        ["rate_limit"] = "Back off and retry with jitter; spread the calls over time.",
        ["context_overflow"] = "Give the agent a narrower task and only the files it needs.",
        ["spec_ambiguous"] = "Add acceptance criteria to the task before starting.",
    };

    private readonly Dictionary<string, string> _configured;

    public RecommendedActions(IReadOnlyDictionary<string, string> configured) =>
        _configured = new Dictionary<string, string>(configured, StringComparer.Ordinal);

    public string For(string stage, string failureType) =>
        _configured.GetValueOrDefault(stage + ":" + failureType)
        ?? _configured.GetValueOrDefault(failureType)
        ?? Defaults.GetValueOrDefault(failureType)
        ?? Fallback;
}
