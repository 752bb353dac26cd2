namespace Observability.Experiments.Declarations;

/// <summary>
/// An experiment as declared, by API (<c>POST /api/v1/experiments</c>, stored as an <c>experiment:declared</c> event) or
/// in configuration (<c>Experiments:Experiments</c>). One shape for both, checked by <see cref="ExperimentValidator"/>.
/// </summary>
public sealed class ExperimentSpec
{
    /// <summary>Unique name: lowercase letters, digits, <c>_</c> and <c>-</c>, at most 64 characters (it is a label value).</summary>
    public string? Name { get; set; }

    /// <summary>What the variants differ in: <c>model</c> (the agent's model) or a metadata key (<c>promptVariant</c>, <c>skillVersion</c>, or one configured).</summary>
    public string? Dimension { get; set; }

    /// <summary>The arms, one of them the control.</summary>
    public List<VariantSpec>? Variants { get; set; }

    /// <summary>What is counted: <c>tasks</c>, <c>runs</c> or <c>merges</c>; default tasks.</summary>
    public string? Units { get; set; }

    /// <summary>Only units whose events match every entry (field name to value): <c>taskType</c>, <c>project</c>, <c>agentType</c>, <c>stage</c>, <c>executor</c>.</summary>
    public Dictionary<string, string>? Filter { get; set; }

    /// <summary>The metric the verdict is about; default <c>success_rate</c> (<c>first_pass_merge_rate</c> for merges).</summary>
    public string? PrimaryMetric { get; set; }

    /// <summary>Further metrics reported beside the primary one.</summary>
    public List<string>? GuardrailMetrics { get; set; }

    /// <summary>Units finishing before this are not counted; absent: from the declaration on.</summary>
    public DateTimeOffset? Start { get; set; }

    /// <summary>Units finishing at or after this are not counted; absent: open-ended.</summary>
    public DateTimeOffset? End { get; set; }

    /// <summary>Units each arm needs before a verdict; default 20.</summary>
    public int? MinimumSamplePerArm { get; set; }
}
