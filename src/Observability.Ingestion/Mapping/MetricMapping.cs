using System.Security.Cryptography;
using System.Text;
using Observability.Metrics;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Observability.Ingestion.Mapping;

/// <summary>
/// The declarative event-to-metric mapping: the shipped <c>default-mapping.yaml</c> plus any operator
/// files, which can add event types, families and rules without code changes. Families are
/// registered when the mapping is loaded, so every family is present from the first scrape.
/// </summary>
public sealed class MetricMapping
{
    private readonly Dictionary<string, EventRules> _rules;

    private MetricMapping(Dictionary<string, EventRules> rules, Dictionary<string, MetricFamily> families, string fingerprint)
    {
        _rules = rules;
        FamilyNames = [.. families.Keys];
        Families = [.. families.Values];
        Fingerprint = fingerprint;
    }

    /// <summary>The families the mapping defines, by their names in the files (before the namespace).</summary>
    public IReadOnlyList<string> FamilyNames { get; }

    /// <summary>The registered families, in <see cref="FamilyNames"/> order.</summary>
    internal IReadOnlyList<MetricFamily> Families { get; }

    /// <summary>The family the mapping names <paramref name="name"/> (before the namespace), or null when it defines none.</summary>
    public MetricFamily? Family(string name)
    {
        for (var i = 0; i < FamilyNames.Count; i++)
        {
            if (FamilyNames[i] == name)
            {
                return Families[i];
            }
        }

        return null;
    }

    /// <summary>SHA-256 of the mapping texts in load order: a state derived under another mapping is not this one's.</summary>
    internal string Fingerprint { get; }

    /// <summary>Number of rules loaded.</summary>
    public int RuleCount => _rules.Values.Sum(r => r.Count);

    /// <summary>The shipped default mapping file's text.</summary>
    public static string DefaultYaml()
    {
        using var stream = typeof(MetricMapping).Assembly.GetManifestResourceStream("default-mapping.yaml")
            ?? throw new InvalidOperationException("The default mapping resource is missing from the assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>Loads the default mapping, then each extra file in order, registering families in <paramref name="registry"/>.</summary>
    /// <exception cref="MappingException">A file is malformed or inconsistent; the message names the file and the entry.</exception>
    public static MetricMapping Load(MetricRegistry registry, IEnumerable<string> extraFiles, bool includeDefault = true)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(extraFiles);
        var sources = new List<(string Name, string Yaml)>();
        if (includeDefault)
        {
            sources.Add(("default-mapping.yaml", DefaultYaml()));
        }

        foreach (var file in extraFiles)
        {
            if (!File.Exists(file))
            {
                throw new MappingException($"Mapping file '{file}' does not exist.");
            }

            sources.Add((file, File.ReadAllText(file)));
        }

        return LoadSources(registry, sources);
    }

    /// <summary>Loads mapping texts (name, YAML) in order.</summary>
    internal static MetricMapping LoadSources(MetricRegistry registry, IEnumerable<(string Name, string Yaml)> sources)
    {
        var deserializer = new DeserializerBuilder().WithNamingConvention(CamelCaseNamingConvention.Instance).Build();
        var families = new Dictionary<string, MetricFamily>(StringComparer.Ordinal);
        var rules = new Dictionary<string, EventRules>(StringComparer.Ordinal);
        foreach (var (name, yaml) in sources)
        {
            MappingDocument document;
            try
            {
                document = deserializer.Deserialize<MappingDocument?>(yaml) ?? new MappingDocument();
            }
            catch (YamlException e)
            {
                throw new MappingException($"Mapping file '{name}' is not valid: line {e.Start.Line}, column {e.Start.Column}: {e.InnerException?.Message ?? e.Message}", e);
            }

            for (var i = 0; i < document.Families.Count; i++)
            {
                var definition = document.Families[i];
                try
                {
                    families[definition.Name] = Register(registry, definition);
                }
                catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException)
                {
                    throw new MappingException($"Mapping file '{name}', families[{i}] ('{definition.Name}'): {e.Message}", e);
                }
            }

            for (var i = 0; i < document.Rules.Count; i++)
            {
                var rule = document.Rules[i];
                try
                {
                    var compiled = Compile(rule, families);
                    if (!rules.TryGetValue(compiled.EventType, out var list))
                    {
                        rules[compiled.EventType] = list = new EventRules();
                    }

                    list.Add(compiled);
                    list.UsesDerived |= compiled.UsesDerived;
                }
                catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException)
                {
                    throw new MappingException($"Mapping file '{name}', rules[{i}] (event '{rule.Event}', metric '{rule.Metric}'): {e.Message}", e);
                }
            }
        }

        return new MetricMapping(rules, families, FingerprintOf(sources));
    }

    private static string FingerprintOf(IEnumerable<(string Name, string Yaml)> sources)
    {
        // The texts, not the file names: the same mapping moved elsewhere derives the same state.
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (_, yaml) in sources)
        {
            var bytes = Encoding.UTF8.GetBytes(yaml);
            hash.AppendData(BitConverter.GetBytes(bytes.Length));
            hash.AppendData(bytes);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    internal IReadOnlyList<MappingRule> RulesFor(string eventType) =>
        _rules.TryGetValue(eventType, out var list) ? list : [];

    /// <summary>The rules for <paramref name="eventType"/>, and whether any of them reads a derived value.</summary>
    internal IReadOnlyList<MappingRule> RulesFor(string eventType, out bool usesDerived)
    {
        if (!_rules.TryGetValue(eventType, out var list))
        {
            usesDerived = false;
            return [];
        }

        usesDerived = list.UsesDerived;
        return list;
    }

    /// <summary>The rules of one event type, and whether any of them reads a derived value: only then are the values derived.</summary>
    private sealed class EventRules : List<MappingRule>
    {
        public bool UsesDerived { get; set; }
    }

    private static MetricFamily Register(MetricRegistry registry, FamilyDefinition definition)
    {
        var labels = definition.Labels;
        IEnumerable<IReadOnlyList<string>>? known = null;
        if (definition.Known is { } values && labels.Count > 0 && labels.All(values.ContainsKey))
        {
            known = LabelSets.Product([.. labels.Select(l => (IReadOnlyList<string>)values[l])]);
        }

        // A gauge holds what an event last reported; before any event there is no reading, and a 0 would be a false
        // one (the opencode metrics contract's LowCodeCoverage fired on a fresh sidecar). Counters and histograms do start at 0.
        var options = new MetricOptions
        {
            LabelNames = labels,
            Buckets = definition.Buckets,
            KnownLabelSets = known,
            UnlabelledSeriesAtRegistration = definition.Type != "gauge",
        };
        return definition.Type switch
        {
            "counter" => registry.CreateCounter(definition.Name, definition.Help, options),
            "gauge" => registry.CreateGauge(definition.Name, definition.Help, options),
            "histogram" => registry.CreateHistogram(definition.Name, definition.Help, options),
            _ => throw new FormatException($"type '{definition.Type}' is not counter, gauge or histogram"),
        };
    }

    private static MappingRule Compile(RuleDefinition rule, Dictionary<string, MetricFamily> families)
    {
        if (string.IsNullOrWhiteSpace(rule.Event) || !rule.Event.Contains(':', StringComparison.Ordinal))
        {
            throw new FormatException("'event' must be an entity:action event type");
        }

        if (!families.TryGetValue(rule.Metric, out var family))
        {
            throw new FormatException($"metric '{rule.Metric}' is not defined in this or an earlier mapping file's families");
        }

        var missing = family.LabelNames.Where(l => !rule.Labels.ContainsKey(l)).ToList();
        var extra = rule.Labels.Keys.Where(l => !family.LabelNames.Contains(l)).ToList();
        if (missing.Count > 0 || extra.Count > 0)
        {
            throw new FormatException(
                $"labels must be exactly those of '{rule.Metric}' ({string.Join(", ", family.LabelNames)}); missing [{string.Join(", ", missing)}], unknown [{string.Join(", ", extra)}]");
        }

        var action = rule.Action ?? "set";
        if (family.Type == MetricType.Gauge && action is not ("set" or "inc" or "dec"))
        {
            throw new FormatException($"action '{action}' is not set, inc or dec");
        }

        return new MappingRule(
            rule.Event,
            family,
            [.. family.LabelNames.Select(l => new LabelExpression(rule.Labels[l]))],
            rule.Value,
            rule.When is null ? null : new Condition(rule.When),
            action);
    }
}
