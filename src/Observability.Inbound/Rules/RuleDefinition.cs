namespace Observability.Inbound.Rules;

/// <summary>A rules file as YAML writes it.</summary>
internal sealed class RulesDocument
{
    public List<RuleDefinition> Rules { get; set; } = [];
}

/// <summary>One rule as YAML writes it; compiled into an <see cref="InboundRule"/>.</summary>
internal sealed class RuleDefinition
{
    public string? Name { get; set; }

    public string? Kind { get; set; }

    public bool Disabled { get; set; }

    public List<string> When { get; set; } = [];

    public List<string> Id { get; set; } = [];

    public string? IdPrefix { get; set; }

    public string? Source { get; set; }

    public Dictionary<string, string> Event { get; set; } = [];
}
