namespace Observability.Experiments.Experiments;

/// <summary>
/// <c>GET /api/v1/experiments/{name}</c>: the declaration, each arm's figures, each non-control variant against the
/// control, the split check and the verdicts. Numbers that cannot be computed are NaN (written as null).
/// </summary>
public sealed record ExperimentAnswer(
    string Name,
    string Status,
    string DeclaredBy,
    string Dimension,
    string Units,
    string PrimaryMetric,
    IReadOnlyList<string> GuardrailMetrics,
    string Control,
    DateTimeOffset? Start,
    DateTimeOffset? End,
    int MinimumSamplePerArm,
    IReadOnlyList<VariantFigures> Variants,
    IReadOnlyList<VariantAgainstControl> Comparisons,
    SampleRatioFigures SampleRatio,
    VerdictRule Verdict,
    IReadOnlyList<UndeclaredVariant> UndeclaredVariants,
    long UndeclaredOther);

/// <summary>One arm's figures.</summary>
public sealed record VariantFigures(
    string Name,
    bool Control,
    double Weight,
    long Exposures,
    long N,
    long Successes,
    double Rate,
    IntervalFigures RateInterval,
    DurationFigures Duration,
    double CostTotalUsd,
    double CostPerUnitUsd,
    double CostPerSuccessUsd,
    double TokensPerUnit,
    IReadOnlyDictionary<string, double> Rates);

/// <summary>A 95 % interval; bounds NaN when none.</summary>
public sealed record IntervalFigures(double Lower, double Upper);

/// <summary>An arm's durations in seconds.</summary>
public sealed record DurationFigures(int Count, double MeanSeconds, double MedianSeconds, double GeometricMeanSeconds);

/// <summary>One non-control variant against the control, on the primary metric and the guard-rails.</summary>
public sealed record VariantAgainstControl(
    string Variant,
    MetricComparison Primary,
    IReadOnlyList<MetricComparison> Guardrails,
    RateDifference Rate,
    DurationComparison Duration,
    double ProbabilityBeatsControl,
    double ExpectedLoss,
    string Verdict,
    double AdjustedPValue,
    double AlwaysValidPValue,
    string? AlwaysValidVerdict);

/// <summary>
/// A metric compared: for a rate, the difference (variant − control) with Newcombe's interval and the named test's
/// p-value; for an amount (duration, cost, tokens), the ratio of geometric means with Welch's interval and p-value.
/// </summary>
public sealed record MetricComparison(string Metric, string Measure, double Estimate, IntervalFigures Interval, double PValue, string Test);

/// <summary>The difference in the reported rate (the primary metric when it is a rate) with its interval and test.</summary>
public sealed record RateDifference(double Difference, IntervalFigures Interval, double PValue, string Test);

/// <summary>The ratio of geometric mean durations with its interval and Welch's p-value.</summary>
public sealed record DurationComparison(double Ratio, IntervalFigures Interval, double PValue, double DegreesOfFreedom);

/// <summary>The sample-ratio check: Pearson's chi-square of units per arm against the declared weights.</summary>
public sealed record SampleRatioFigures(double ChiSquare, int DegreesOfFreedom, double PValue, bool Mismatch, double Threshold);

/// <summary>How the verdicts were reached.</summary>
public sealed record VerdictRule(string MultipleComparisonRule, double Alpha, string PValueKind, string AlwaysValidPValueKind, string Direction);

/// <summary>Units whose dimension value no arm declares.</summary>
public sealed record UndeclaredVariant(string Value, long N);
