namespace Observability.Analytics;

/// <summary>One row of the price table: US dollars per million input and output tokens of a model.</summary>
public sealed class ModelPrice
{
    /// <summary>The model, exactly as <c>agent.model</c> names it (compared case-insensitively).</summary>
    public string Model { get; set; } = string.Empty;

    /// <summary>US dollars per million input tokens.</summary>
    public double? InputPerMillion { get; set; }

    /// <summary>US dollars per million output tokens.</summary>
    public double? OutputPerMillion { get; set; }
}
