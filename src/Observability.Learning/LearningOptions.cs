using System.Globalization;
using System.Text;

namespace Observability.Learning;

/// <summary>
/// The <c>Learning</c> configuration section: the trailing window patterns are computed over, how often reflection
/// runs, when a pattern becomes a rule, the confidence half-life, the recommended actions per failure type, and the
/// bounds that keep the state and the context answer small. Validated at start (<see cref="Validate"/>).
/// </summary>
public sealed class LearningOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Learning";

    /// <summary>Default trailing window of the patterns: 7 days (the learning system's <c>queryRecentFailures(7)</c>).</summary>
    public const double DefaultWindowDays = 7;

    /// <summary>Default time between scheduled reflection runs: 24 hours.</summary>
    public const double DefaultReflectionIntervalHours = 24;

    /// <summary>Default confidence half-life without new evidence: 90 days.</summary>
    public const double DefaultHalfLifeDays = 90;

    /// <summary>Default successes an agent and task type need before they are <c>recommended</c>: 5.</summary>
    public const int DefaultMinProven = 5;

    /// <summary>Default success rate at or above which a proven pattern is <c>recommended</c>: 0.8.</summary>
    public const double DefaultRecommendAtRate = 0.8;

    /// <summary>Default success rate below which an agent and task type with enough attempts is an anti-pattern: 0.5.</summary>
    public const double DefaultAntiPatternBelowRate = 0.5;

    /// <summary>Default occurrences of a failure pattern before it becomes an anti-pattern: 3.</summary>
    public const int DefaultMinOccurrences = 3;

    /// <summary>Default decayed confidence below which a rule is retired from answers and gauges: 0.05.</summary>
    public const double DefaultMinConfidence = 0.05;

    /// <summary>Default rules and anti-patterns per context answer, each: 10.</summary>
    public const int DefaultContextRules = 10;

    /// <summary>Default history snippets per context answer: 5.</summary>
    public const int DefaultContextHistory = 5;

    /// <summary>Default finished tasks kept for history snippets: 10,000.</summary>
    public const int DefaultHistorySize = 10_000;

    /// <summary>Default tasks whose start, attempts and open failures are tracked at once: 200,000.</summary>
    public const int DefaultMaxTrackedTasks = 200_000;

    /// <summary>Default pattern keys (each of failure and success) tracked, and so the most patterns a run reports: 500.</summary>
    public const int DefaultMaxPatterns = 500;

    /// <summary>Default rules the playbook keeps (the oldest evidence goes first): 1,000.</summary>
    public const int DefaultMaxRules = 1_000;

    /// <summary>The trailing window, in days, that failure and success patterns are computed over.</summary>
    public double WindowDays { get; set; } = DefaultWindowDays;

    /// <summary>Hours between scheduled reflection runs.</summary>
    public double ReflectionIntervalHours { get; set; } = DefaultReflectionIntervalHours;

    /// <summary>Days after which a rule without new evidence has half its confidence.</summary>
    public double HalfLifeDays { get; set; } = DefaultHalfLifeDays;

    /// <summary>Successes before an agent and task type can be <c>recommended</c>.</summary>
    public int MinProven { get; set; } = DefaultMinProven;

    /// <summary>Success rate at or above which a proven agent and task type is <c>recommended</c> (a rule).</summary>
    public double RecommendAtRate { get; set; } = DefaultRecommendAtRate;

    /// <summary>Success rate below which an agent and task type with at least <see cref="MinProven"/> attempts is an anti-pattern.</summary>
    public double AntiPatternBelowRate { get; set; } = DefaultAntiPatternBelowRate;

    /// <summary>Occurrences in the window before a failure pattern becomes an anti-pattern.</summary>
    public int MinOccurrences { get; set; } = DefaultMinOccurrences;

    /// <summary>Decayed confidence below which a rule is retired (left out of answers and gauges; kept in the log).</summary>
    public double MinConfidence { get; set; } = DefaultMinConfidence;

    /// <summary>Rules, and anti-patterns, per context answer at most (a query's <c>limit</c> may ask for fewer).</summary>
    public int ContextRules { get; set; } = DefaultContextRules;

    /// <summary>History snippets per context answer.</summary>
    public int ContextHistory { get; set; } = DefaultContextHistory;

    /// <summary>Finished tasks kept for history snippets (the newest).</summary>
    public int HistorySize { get; set; } = DefaultHistorySize;

    /// <summary>Tasks tracked at once (start time, attempts, failures waiting for their resolution); the oldest go first.</summary>
    public int MaxTrackedTasks { get; set; } = DefaultMaxTrackedTasks;

    /// <summary>Pattern keys tracked, each of failure and success; events of further keys are counted, not kept.</summary>
    public int MaxPatterns { get; set; } = DefaultMaxPatterns;

    /// <summary>Rules the playbook keeps; past it the rule with the oldest evidence is dropped.</summary>
    public int MaxRules { get; set; } = DefaultMaxRules;

    /// <summary>
    /// Recommended actions by failure type (<c>timeout</c>) or by stage and failure type (<c>deploy:timeout</c>, which wins);
    /// added to, and overriding, the defaults for common failure types (docs/review.md, "Learned patterns").
    /// </summary>
    public Dictionary<string, string> Actions { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The window as a span.</summary>
    public TimeSpan Window => TimeSpan.FromDays(WindowDays);

    /// <summary>The half-life as a span.</summary>
    public TimeSpan HalfLife => TimeSpan.FromDays(HalfLifeDays);

    /// <summary>The reflection interval as a span.</summary>
    public TimeSpan ReflectionInterval => TimeSpan.FromHours(ReflectionIntervalHours);

    /// <summary>Every problem with the settings, each naming its key; empty when they are good.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        Range(problems, nameof(WindowDays), WindowDays, 1.0 / 24, 366);
        Range(problems, nameof(ReflectionIntervalHours), ReflectionIntervalHours, 1.0 / 3600, 24 * 366);
        Range(problems, nameof(HalfLifeDays), HalfLifeDays, 1.0 / 24, 3660);
        Range(problems, nameof(MinProven), MinProven, 1, 1_000_000);
        Range(problems, nameof(RecommendAtRate), RecommendAtRate, 0, 1);
        Range(problems, nameof(AntiPatternBelowRate), AntiPatternBelowRate, 0, 1);
        Range(problems, nameof(MinOccurrences), MinOccurrences, 1, 1_000_000);
        Range(problems, nameof(MinConfidence), MinConfidence, 0, 1);
        Range(problems, nameof(ContextRules), ContextRules, 1, 50);
        Range(problems, nameof(ContextHistory), ContextHistory, 0, 50);
        Range(problems, nameof(HistorySize), HistorySize, 1, 1_000_000);
        Range(problems, nameof(MaxTrackedTasks), MaxTrackedTasks, 100, 10_000_000);
        Range(problems, nameof(MaxPatterns), MaxPatterns, 1, 10_000);
        Range(problems, nameof(MaxRules), MaxRules, 1, 100_000);
        if (AntiPatternBelowRate > RecommendAtRate)
        {
            problems.Add($"{Section}:AntiPatternBelowRate ({AntiPatternBelowRate}) must not be above {Section}:RecommendAtRate ({RecommendAtRate}).");
        }

        foreach (var (key, action) in Actions)
        {
            if (string.IsNullOrWhiteSpace(key) || key.Count(c => c == ':') > 1 || key.StartsWith(':') || key.EndsWith(':'))
            {
                problems.Add($"{Section}:Actions:{key} must be a failure type or stage:failureType.");
            }
            else if (string.IsNullOrWhiteSpace(action) || action.Length > 500)
            {
                problems.Add($"{Section}:Actions:{key} must be a recommended action of 1 to 500 characters.");
            }
        }

        return problems;
    }

    /// <summary>What the projection's fold depends on, for the snapshot's fingerprint.</summary>
    public string Fingerprint()
    {
        // Only the bounds shape the folded state; windows, rates and actions are applied when a run or a query computes.
        var text = new StringBuilder("learning");
        foreach (var value in new double[] { HistorySize, MaxTrackedTasks, MaxPatterns, MaxRules, WindowDays })
        {
            text.Append(';').Append(value.ToString("R", CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }

    private static void Range(List<string> problems, string name, double value, double min, double max)
    {
        if (!double.IsFinite(value) || value < min || value > max)
        {
            problems.Add($"{Section}:{name} must be between {min.ToString("G", CultureInfo.InvariantCulture)} and {max.ToString("G", CultureInfo.InvariantCulture)} (got {value.ToString("G", CultureInfo.InvariantCulture)}).");
        }
    }
}
