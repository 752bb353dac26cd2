namespace Observability.Experiments.Experiments;

/// <summary>One line of <c>GET /api/v1/experiments</c>: status, arms and verdicts.</summary>
public sealed record ExperimentListItem(
    string Name,
    string Status,
    string DeclaredBy,
    string Dimension,
    string Units,
    string PrimaryMetric,
    string Control,
    IReadOnlyList<ExperimentListArm> Variants,
    bool SampleRatioMismatch)
{
    /// <summary>The list line of a full answer.</summary>
    public static ExperimentListItem Of(ExperimentAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        return new(
            answer.Name,
            answer.Status,
            answer.DeclaredBy,
            answer.Dimension,
            answer.Units,
            answer.PrimaryMetric,
            answer.Control,
            [.. answer.Variants.Select(v =>
            {
                var comparison = answer.Comparisons.FirstOrDefault(c => c.Variant == v.Name);
                return new ExperimentListArm(v.Name, v.Control, v.N, v.Rate, comparison?.Verdict, comparison?.AlwaysValidVerdict);
            })],
            answer.SampleRatio.Mismatch);
    }
}

/// <summary>An arm in the list: units, rate and its verdicts (none for the control).</summary>
public sealed record ExperimentListArm(string Name, bool Control, long N, double Rate, string? Verdict, string? AlwaysValidVerdict);
