namespace Observability.Statistics;

/// <summary>
/// The verdict rule. For each non-control variant, in this order: <see cref="Verdict.InsufficientData"/> when it or
/// the control has fewer than the minimum sample; <see cref="Verdict.Srm"/> when the experiment's split is broken
/// (<see cref="SampleRatio"/>); otherwise the variant joins the family, whose p-values are adjusted by Holm–Bonferroni
/// (<see cref="Holm"/>), and it is <see cref="Verdict.Better"/> or <see cref="Verdict.Worse"/> (by the sign of its
/// estimate and the metric's direction) when its adjusted p-value is at most α, else <see cref="Verdict.NoDifference"/>.
/// A variant in the family without a p-value (NaN, e.g. no spread in durations) cannot show a difference: no_difference.
/// The family is the variants with enough data, so m grows as arms fill up; the rule keeps the chance of any false
/// "better" or "worse" among them at most α.
/// </summary>
public static class Verdicts
{
    /// <summary>Decides every variant. <paramref name="pValueKind"/> only names, in the answer, which p-values were given.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The options are out of range.</exception>
    public static ExperimentVerdict Decide(IReadOnlyList<VerdictInput> variants, bool sampleRatioMismatch, PValueKind pValueKind, VerdictOptions options)
    {
        ArgumentNullException.ThrowIfNull(variants);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();

        var inFamily = new bool[variants.Count];
        var familyP = new double[variants.Count];
        for (var i = 0; i < variants.Count; i++)
        {
            var v = variants[i];
            inFamily[i] = v.ControlN >= options.MinimumSamplePerArm && v.VariantN >= options.MinimumSamplePerArm && !sampleRatioMismatch;
            familyP[i] = inFamily[i] ? v.PValue : double.NaN;
        }

        var adjusted = Holm.Adjust(familyP);
        var answers = new VariantVerdict[variants.Count];
        for (var i = 0; i < variants.Count; i++)
        {
            var v = variants[i];
            Verdict verdict;
            if (v.ControlN < options.MinimumSamplePerArm || v.VariantN < options.MinimumSamplePerArm)
            {
                verdict = Verdict.InsufficientData;
            }
            else if (sampleRatioMismatch)
            {
                verdict = Verdict.Srm;
            }
            else if (adjusted[i] <= options.Alpha && v.Estimate is > 0 or < 0)
            {
                verdict = (v.Estimate > 0) == options.HigherIsBetter ? Verdict.Better : Verdict.Worse;
            }
            else
            {
                verdict = Verdict.NoDifference;
            }

            answers[i] = new VariantVerdict(v.Variant, verdict, v.PValue, adjusted[i]);
        }

        return new ExperimentVerdict(Holm.RuleName, pValueKind, options.Alpha, answers);
    }
}
