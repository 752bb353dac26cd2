namespace Observability.Ingestion.Mapping;

/// <summary>A mapping file as written: the families it defines and the rules that feed them.</summary>
internal sealed class MappingDocument
{
    public List<FamilyDefinition> Families { get; set; } = [];

    public List<RuleDefinition> Rules { get; set; } = [];
}

/// <summary>A metric family in a mapping file.</summary>
internal sealed class FamilyDefinition
{
    public string Name { get; set; } = string.Empty;

    /// <summary>counter, gauge or histogram.</summary>
    public string Type { get; set; } = string.Empty;

    public string Help { get; set; } = string.Empty;

    public List<string> Labels { get; set; } = [];

    public List<double>? Buckets { get; set; }

    /// <summary>Known values per label; when every label has some, all combinations exist at 0 from the first scrape.</summary>
    public Dictionary<string, List<string>>? Known { get; set; }
}

/// <summary>A rule: on an event type (and an optional condition), update a family.</summary>
internal sealed class RuleDefinition
{
    /// <summary>The <c>entity:action</c> event type.</summary>
    public string Event { get; set; } = string.Empty;

    public string Metric { get; set; } = string.Empty;

    /// <summary>
    /// Number to add (counter), set (gauge) or observe (histogram): a field path, <c>derived.*</c>, or a
    /// literal. Counters default to 1. A rule whose value is absent on an event is skipped.
    /// </summary>
    public string? Value { get; set; }

    /// <summary>For gauges: set (default), inc or dec.</summary>
    public string? Action { get; set; }

    /// <summary>Label name to expression: alternatives separated by <c>|</c>, the first present wins; <c>'text'</c> is a literal.</summary>
    public Dictionary<string, string> Labels { get; set; } = [];

    /// <summary>Optional condition: <c>path</c>, <c>path == literal</c> or <c>path != literal</c>.</summary>
    public string? When { get; set; }
}
