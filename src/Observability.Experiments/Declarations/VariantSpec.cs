namespace Observability.Experiments.Declarations;

/// <summary>One arm of an experiment as declared.</summary>
public sealed class VariantSpec
{
    /// <summary>The value of the experiment's dimension that puts a unit in this arm (a prompt variant, a model).</summary>
    public string? Name { get; set; }

    /// <summary>Whether this arm is the control; exactly one arm is.</summary>
    public bool Control { get; set; }

    /// <summary>The arm's share of units, relative to the others; 1 when absent.</summary>
    public double? Weight { get; set; }
}
