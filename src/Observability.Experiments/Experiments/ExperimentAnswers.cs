using Observability.Experiments.Declarations;
using Observability.Statistics;

namespace Observability.Experiments.Experiments;

/// <summary>
/// Computes an experiment's answer from its snapshot through <c>Observability.Statistics</c>: Wilson intervals per arm;
/// per variant Newcombe's hybrid score interval and Boschloo's exact test (the pooled score test for large arms) for
/// rates, Welch's t on logs for durations, costs and tokens, the beta-binomial readout; the sample-ratio check against
/// the declared weights; verdicts by Holm–Bonferroni on the fixed-horizon p-values and, beside them, on the mSPRT
/// always-valid p-values.
/// </summary>
public static class ExperimentAnswers
{
    /// <summary>The answer for <paramref name="snapshot"/> as of <paramref name="now"/> (which only sets the status).</summary>
    internal static ExperimentAnswer Compute(ExperimentSnapshot snapshot, double alpha, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var definition = snapshot.Definition;
        var primary = definition.PrimaryMetric;
        var rateMetric = primary.IsRate() ? primary : definition.Units.DefaultMetric();
        var arms = snapshot.Arms;
        var summaries = arms.Select(a => ArmSummary.Create(new ArmCounts(a.N, a.Count(rateMetric)), a.Durations, a.CostSum)).ToArray();
        var control = definition.ControlIndex;

        var counts = arms.Select(a => a.N).ToArray();
        var weights = definition.Weights.ToArray();
        var srm = SampleRatio.Check(counts, weights);

        var comparisons = new List<(int Arm, VariantComparison Comparison, MetricComparison Primary, List<MetricComparison> Guardrails)>();
        for (var i = 0; i < arms.Count; i++)
        {
            if (i == control)
            {
                continue;
            }

            var comparison = VariantComparison.Create(summaries[control], summaries[i]);
            var guardrails = definition.Guardrails.Select(m => Compare(m, arms[control], arms[i])).ToList();
            comparisons.Add((i, comparison, Compare(primary, arms[control], arms[i]), guardrails));
        }

        var options = new VerdictOptions { Alpha = alpha, MinimumSamplePerArm = definition.MinimumSamplePerArm, HigherIsBetter = primary.HigherIsBetter() };
        var fixedInputs = comparisons.Select(c => Input(definition, arms, c.Arm, c.Primary.Estimate, c.Primary.PValue, primary)).ToList();
        var fixedVerdict = Verdicts.Decide(fixedInputs, srm.Mismatch, PValueKind.FixedHorizon, options);
        ExperimentVerdict? alwaysValid = null;
        if (primary.IsRate())
        {
            var inputs = comparisons.Select(c => Input(definition, arms, c.Arm, c.Primary.Estimate, snapshot.AlwaysValidPValues[c.Arm], primary)).ToList();
            alwaysValid = Verdicts.Decide(inputs, srm.Mismatch, PValueKind.AlwaysValid, options);
        }

        var against = comparisons.Select((c, k) => new VariantAgainstControl(
            definition.Variants[c.Arm],
            c.Primary,
            c.Guardrails,
            new RateDifference(c.Comparison.Rate.Difference, Figures(c.Comparison.Rate.DifferenceInterval), c.Comparison.Rate.PValue, c.Comparison.Rate.Test.Name()),
            new DurationComparison(c.Comparison.Duration.Ratio, Figures(c.Comparison.Duration.RatioInterval), c.Comparison.Duration.PValue, c.Comparison.Duration.DegreesOfFreedom),
            c.Comparison.Bayesian.ProbabilityVariantBeatsControl,
            c.Comparison.Bayesian.ExpectedLossOfChoosingVariant,
            fixedVerdict.Variants[k].Verdict.Name(),
            fixedVerdict.Variants[k].AdjustedPValue,
            snapshot.AlwaysValidPValues[c.Arm],
            alwaysValid?.Variants[k].Verdict.Name())).ToList();

        var variants = arms.Select((a, i) => new VariantFigures(
            definition.Variants[i],
            i == control,
            definition.Weights[i],
            a.Exposures,
            a.N,
            a.Count(rateMetric),
            summaries[i].Rate,
            Figures(summaries[i].RateInterval),
            new DurationFigures(summaries[i].Durations.Count, summaries[i].Durations.Mean, summaries[i].Durations.Median, summaries[i].Durations.GeometricMean),
            // No unit that reported a cost or tokens: unknown, not zero.
            a.Costs.Length == 0 ? double.NaN : a.CostSum,
            a.Costs.Length == 0 ? double.NaN : summaries[i].CostPerUnit,
            a.Costs.Length == 0 ? double.NaN : summaries[i].CostPerSuccess,
            a.N == 0 || a.Tokens.Length == 0 ? double.NaN : a.TokenSum / a.N,
            Rates(definition.Units, a))).ToList();

        return new ExperimentAnswer(
            definition.Name,
            Status(definition, now),
            snapshot.Configured ? "configuration" : "api",
            definition.Dimension,
            definition.Units.Name(),
            primary.Name(),
            [.. definition.Guardrails.Select(g => g.Name())],
            definition.Control,
            definition.Start,
            definition.End,
            definition.MinimumSamplePerArm,
            variants,
            against,
            new SampleRatioFigures(srm.ChiSquare, srm.DegreesOfFreedom, srm.PValue, srm.Mismatch, SampleRatio.Threshold),
            new VerdictRule(fixedVerdict.MultipleComparisonRule, alpha, PValueKind.FixedHorizon.Name(), PValueKind.AlwaysValid.Name(),
                primary.HigherIsBetter() ? "higher_is_better" : "lower_is_better"),
            [.. snapshot.Undeclared.Select(p => new UndeclaredVariant(p.Key, p.Value))],
            snapshot.UndeclaredOther);
    }

    /// <summary><c>scheduled</c> before the start, <c>ended</c> from the end on, else <c>running</c>.</summary>
    public static string Status(Experiment definition, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return definition.Start is { } start && now < start ? "scheduled" : definition.End is { } end && now >= end ? "ended" : "running";
    }

    private static VerdictInput Input(Experiment definition, IReadOnlyList<ArmSnapshot> arms, int arm, double estimate, double p, ExperimentMetric metric)
    {
        // An amount's units are those with a value (a task without a cost is no evidence about cost).
        var (controlN, variantN) = metric.IsRate()
            ? (arms[definition.ControlIndex].N, arms[arm].N)
            : (arms[definition.ControlIndex].Values(metric).Length, (long)arms[arm].Values(metric).Length);
        return new VerdictInput(definition.Variants[arm], controlN, variantN, metric.IsRate() ? estimate : Math.Log(estimate), p);
    }

    private static MetricComparison Compare(ExperimentMetric metric, ArmSnapshot control, ArmSnapshot variant)
    {
        if (metric.IsRate())
        {
            var rate = RateTests.Compare(new ArmCounts(control.N, control.Count(metric)), new ArmCounts(variant.N, variant.Count(metric)));
            return new MetricComparison(metric.Name(), "difference", rate.Difference, Figures(rate.DifferenceInterval), rate.PValue, rate.Test.Name());
        }

        var ratio = WelchLogRatio.Compare(DurationSummary.Create(control.Values(metric)), DurationSummary.Create(variant.Values(metric)));
        return new MetricComparison(metric.Name(), "ratio_of_geometric_means", ratio.Ratio, Figures(ratio.RatioInterval), ratio.PValue, "welch_log");
    }

    private static Dictionary<string, double> Rates(UnitKind units, ArmSnapshot arm)
    {
        var rates = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var metric in Enum.GetValues<ExperimentMetric>())
        {
            if (metric.IsRate() && units.Gives(metric))
            {
                rates[metric.Name()] = arm.N == 0 ? double.NaN : (double)arm.Count(metric) / arm.N;
            }
        }

        return rates;
    }

    private static IntervalFigures Figures(Interval interval) => new(interval.Lower, interval.Upper);
}
