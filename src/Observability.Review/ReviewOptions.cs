namespace Observability.Review;

/// <summary>
/// The <c>Review</c> configuration section: the schedule and every check's thresholds, defaults as named constants.
/// Validated at start (<see cref="Validate"/>): a value out of range stops the start naming its key.
/// </summary>
public sealed class ReviewOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Review";

    /// <summary>Default seconds between scheduled review runs: 300 (five minutes).</summary>
    public const double DefaultIntervalSeconds = 300;

    /// <summary>Seconds between scheduled runs; 0 turns the schedule off (on-demand runs still work).</summary>
    public double IntervalSeconds { get; set; } = DefaultIntervalSeconds;

    /// <summary>Hours a created task may wait unstarted before it is stale; default 24.</summary>
    public double StaleAfterHours { get; set; } = 24;

    /// <summary>k: a started task is stuck after k × the p95 cycle time of its task type; default 3.</summary>
    public double StuckCycleMultiplier { get; set; } = 3;

    /// <summary>Finished tasks of a type needed before its p95 cycle time is trusted; default 5.</summary>
    public int StuckMinimumSamples { get; set; } = 5;

    /// <summary>Hours a task may age, by its <c>priority</c>, before it is ageing beyond expectation.</summary>
    public Dictionary<string, double> AgingHours { get; set; } = new(StringComparer.Ordinal)
    {
        ["critical"] = 24, ["high"] = 72, ["medium"] = 168, ["low"] = 720,
    };

    /// <summary>Minutes a pipeline stage may run without its <c>pipeline:completed</c> before it is stuck; default 60.</summary>
    public double StuckPhaseMinutes { get; set; } = 60;

    /// <summary>Hours of the failure window (timeout clusters, repeated failures, the recent failure rate); default 24.</summary>
    public double FailureWindowHours { get; set; } = 24;

    /// <summary>Timeouts of one stage within the failure window that make a cluster; default 3.</summary>
    public int TimeoutClusterMinimum { get; set; } = 3;

    /// <summary>Failures of one task or stage within the failure window that repeat; default 3.</summary>
    public int RepeatedFailureMinimum { get; set; } = 3;

    /// <summary>Days before the failure window that make a stage's baseline failure rate; default 7.</summary>
    public int FailureRateBaselineDays { get; set; } = 7;

    /// <summary>Stage runs needed in the window and in the baseline before their rates are compared; default 10.</summary>
    public int FailureRateMinimumRuns { get; set; } = 10;

    /// <summary>How much the window's failure rate must exceed the baseline's (absolute, 0..1); default 0.2.</summary>
    public double FailureRateRise { get; set; } = 0.2;

    /// <summary>Days before today that make a model's or project's usage baseline; default 14.</summary>
    public int SpikeBaselineDays { get; set; } = 14;

    /// <summary>Baseline days with usage needed before a spike is scored; default 7.</summary>
    public int SpikeMinimumDays { get; set; } = 7;

    /// <summary>Robust score ((today − median) / (1.4826 × MAD)) at or above which usage spikes; default 3.5.</summary>
    public double SpikeScore { get; set; } = 3.5;

    /// <summary>US dollars per UTC day, by project; spending more today is a critical <c>over_budget</c> finding.</summary>
    public Dictionary<string, double> Budgets { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Coverage points a project may lose after a merge before it is a finding; default 2.</summary>
    public double CoverageDropPoints { get; set; } = 2;

    /// <summary>Flaky tests of one suite (<c>test:run</c> <c>flaky</c>) within the failure window that are a finding; default 1.</summary>
    public int FlakyMinimum { get; set; } = 1;

    /// <summary>Earlier runs of a suite whose median skipped count is its baseline; default 5.</summary>
    public int SkippedBaselineRuns { get; set; } = 5;

    /// <summary>Skipped tests above that median that make skipped tests rising; default 5.</summary>
    public int SkippedRiseMinimum { get; set; } = 5;

    /// <summary>Days a finding about a past fact (review consistency, an out-of-scope change) stays open; default 14.</summary>
    public double EvidenceDays { get; set; } = 14;

    /// <summary>Every problem with the settings, each naming its key; empty when they are good.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        Positive(problems, nameof(StaleAfterHours), StaleAfterHours);
        Positive(problems, nameof(StuckCycleMultiplier), StuckCycleMultiplier);
        Positive(problems, nameof(StuckPhaseMinutes), StuckPhaseMinutes);
        Positive(problems, nameof(FailureWindowHours), FailureWindowHours);
        Positive(problems, nameof(SpikeScore), SpikeScore);
        Positive(problems, nameof(CoverageDropPoints), CoverageDropPoints);
        Positive(problems, nameof(EvidenceDays), EvidenceDays);
        if (!double.IsFinite(IntervalSeconds) || IntervalSeconds < 0 || IntervalSeconds is > 0 and < 1)
        {
            problems.Add($"{Section}:IntervalSeconds must be 0 (no schedule) or at least 1 (got {IntervalSeconds}).");
        }

        AtLeast(problems, nameof(StuckMinimumSamples), StuckMinimumSamples, 1);
        AtLeast(problems, nameof(TimeoutClusterMinimum), TimeoutClusterMinimum, 1);
        AtLeast(problems, nameof(RepeatedFailureMinimum), RepeatedFailureMinimum, 2);
        AtLeast(problems, nameof(FailureRateBaselineDays), FailureRateBaselineDays, 1);
        AtLeast(problems, nameof(FailureRateMinimumRuns), FailureRateMinimumRuns, 1);
        AtLeast(problems, nameof(SpikeBaselineDays), SpikeBaselineDays, 3);
        AtLeast(problems, nameof(SpikeMinimumDays), SpikeMinimumDays, 3);
        AtLeast(problems, nameof(FlakyMinimum), FlakyMinimum, 1);
        AtLeast(problems, nameof(SkippedBaselineRuns), SkippedBaselineRuns, 1);
        AtLeast(problems, nameof(SkippedRiseMinimum), SkippedRiseMinimum, 1);
        if (SpikeMinimumDays > SpikeBaselineDays)
        {
            problems.Add($"{Section}:SpikeMinimumDays ({SpikeMinimumDays}) must not exceed {Section}:SpikeBaselineDays ({SpikeBaselineDays}).");
        }

        if (!(FailureRateRise > 0 && FailureRateRise < 1))
        {
            problems.Add($"{Section}:FailureRateRise must be strictly between 0 and 1 (got {FailureRateRise}).");
        }

        foreach (var (priority, hours) in AgingHours)
        {
            Positive(problems, $"AgingHours:{priority}", hours);
        }

        foreach (var (project, usd) in Budgets)
        {
            Positive(problems, $"Budgets:{project}", usd);
        }

        return problems;
    }

    /// <summary>The settings the state's folding depends on, for the snapshot's fingerprint.</summary>
    internal string StateFingerprint() => FormattableString.Invariant($"samples=256;baseline={FailureRateBaselineDays};spike={SpikeBaselineDays};window={FailureWindowHours}");

    private static void Positive(List<string> problems, string key, double value)
    {
        if (!double.IsFinite(value) || value <= 0)
        {
            problems.Add($"{Section}:{key} must be a positive number (got {value}).");
        }
    }

    private static void AtLeast(List<string> problems, string key, int value, int minimum)
    {
        if (value < minimum)
        {
            problems.Add($"{Section}:{key} must be at least {minimum} (got {value}).");
        }
    }
}
