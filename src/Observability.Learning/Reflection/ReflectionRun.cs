using Observability.Learning.Patterns;
using Observability.Learning.Playbook;

namespace Observability.Learning.Reflection;

/// <summary>One reflection run: the patterns over the window ending at <see cref="At"/> and the rules derived from them.</summary>
/// <param name="RunId"><c>reflection:scheduled:&lt;slot&gt;</c> or <c>reflection:demand:&lt;time&gt;</c>: deterministic, so storing it twice is a duplicate.</param>
/// <param name="Trigger"><c>scheduled</c> or <c>demand</c>.</param>
/// <param name="At">The run's "now".</param>
/// <param name="WindowDays">The trailing window.</param>
/// <param name="CoveredSequence">The log sequence the state it read had applied up to (exclusive).</param>
/// <param name="FailurePatterns">Failure patterns, most frequent first.</param>
/// <param name="SuccessPatterns">Success patterns, most attempted first.</param>
/// <param name="Rules">Rules and anti-patterns derived, by id.</param>
internal sealed record ReflectionRun(
    string RunId,
    string Trigger,
    DateTimeOffset At,
    double WindowDays,
    long CoveredSequence,
    IReadOnlyList<FailurePattern> FailurePatterns,
    IReadOnlyList<SuccessPattern> SuccessPatterns,
    IReadOnlyList<PlaybookRule> Rules)
{
    /// <summary>The run's figures.</summary>
    public RunSummary Summary => new(
        RunId, Trigger, At, FailurePatterns.Count, SuccessPatterns.Count,
        Rules.Count(r => r.Kind == LearningNames.Rule), Rules.Count(r => r.Kind == LearningNames.AntiPattern));

    /// <summary>The id of a run: scheduled runs by their slot, runs on demand by their time.</summary>
    public static string IdOf(string trigger, DateTimeOffset at) =>
        $"reflection:{trigger}:{at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", System.Globalization.CultureInfo.InvariantCulture)}";
}
