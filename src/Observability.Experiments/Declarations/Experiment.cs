namespace Observability.Experiments.Declarations;

/// <summary>A validated experiment declaration, as the projection and the answers use it.</summary>
/// <param name="Name">The unique name.</param>
/// <param name="Dimension">What the variants differ in: <c>model</c> or a metadata key.</param>
/// <param name="Variants">The arms' names in declaration order.</param>
/// <param name="Weights">Each arm's weight, in the same order.</param>
/// <param name="ControlIndex">The control's position in <paramref name="Variants"/>.</param>
/// <param name="Units">What is counted.</param>
/// <param name="Filter">Metadata key and value pairs every counted unit's finishing event matches, ordinally sorted by key.</param>
/// <param name="PrimaryMetric">The metric of the verdict.</param>
/// <param name="Guardrails">Further metrics reported.</param>
/// <param name="Start">Units finishing before this are left out; null: no bound.</param>
/// <param name="End">Units finishing at or after this are left out; null: no bound.</param>
/// <param name="MinimumSamplePerArm">Units each arm needs before a verdict.</param>
public sealed record Experiment(
    string Name,
    string Dimension,
    IReadOnlyList<string> Variants,
    IReadOnlyList<double> Weights,
    int ControlIndex,
    UnitKind Units,
    IReadOnlyList<KeyValuePair<string, string>> Filter,
    ExperimentMetric PrimaryMetric,
    IReadOnlyList<ExperimentMetric> Guardrails,
    DateTimeOffset? Start,
    DateTimeOffset? End,
    int MinimumSamplePerArm)
{
    /// <summary>The control arm's name.</summary>
    public string Control => Variants[ControlIndex];

    /// <summary>The declaration in its canonical form: what is stored, and what two declarations are compared by.</summary>
    public ExperimentSpec ToSpec() => new()
    {
        Name = Name,
        Dimension = Dimension,
        Variants = [.. Variants.Select((v, i) => new VariantSpec { Name = v, Control = i == ControlIndex, Weight = Weights[i] })],
        Units = Units.Name(),
        Filter = Filter.Count == 0 ? null : Filter.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal),
        PrimaryMetric = PrimaryMetric.Name(),
        GuardrailMetrics = Guardrails.Count == 0 ? null : [.. Guardrails.Select(g => g.Name())],
        Start = Start,
        End = End,
        MinimumSamplePerArm = MinimumSamplePerArm,
    };

    /// <summary>Whether a unit finishing at <paramref name="at"/> falls in the experiment's time range.</summary>
    public bool Covers(DateTimeOffset at) => (Start is not { } start || at >= start) && (End is not { } end || at < end);
}
