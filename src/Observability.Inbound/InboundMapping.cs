using System.Text.Json;
using Observability.Inbound.Expressions;
using Observability.Inbound.Rules;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Observability.Inbound;

/// <summary>
/// The declarative rules that turn a source's documents into catalogue envelopes: the rules shipped in the assembly
/// (<c>Rules/*.yaml</c>) and then the operator's files, where a rule with the same name replaces the shipped one and
/// <c>disabled: true</c> removes it. Every rule of a document's kind whose conditions hold writes one envelope.
/// </summary>
public sealed class InboundMapping
{
    private const string ResourcePrefix = "inbound-rules/";
    private readonly Dictionary<string, RuleSelector> _byKind;

    private InboundMapping(Dictionary<string, InboundRule[]> byKind) =>
        _byKind = byKind.ToDictionary(p => p.Key, p => new RuleSelector(p.Value), StringComparer.Ordinal);

    /// <summary>The number of rules, all kinds together.</summary>
    public int RuleCount => _byKind.Values.Sum(r => r.All.Count);

    /// <summary>The compiled rules of <paramref name="kind"/>, in order.</summary>
    internal IReadOnlyList<InboundRule> Rules(string kind) => _byKind.TryGetValue(kind, out var rules) ? rules.All : [];

    /// <summary>The document kinds that have rules.</summary>
    public IReadOnlyCollection<string> Kinds => _byKind.Keys;

    /// <summary>The rule names of <paramref name="kind"/>, in the order they are applied.</summary>
    public IReadOnlyList<string> RuleNames(string kind) =>
        _byKind.TryGetValue(kind, out var rules) ? [.. rules.All.Select(r => r.Name)] : [];

    /// <summary>The shipped rules, then <paramref name="operatorFiles"/> in order.</summary>
    /// <exception cref="InboundMappingException">A file cannot be read or a rule is wrong; the message names both.</exception>
    public static InboundMapping Load(IEnumerable<string>? operatorFiles = null)
    {
        var sources = new List<(string Name, string Yaml)>(Shipped());
        foreach (var file in operatorFiles ?? [])
        {
            try
            {
                sources.Add((file, File.ReadAllText(file)));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new InboundMappingException($"Inbound rules file '{file}' cannot be read: {e.Message}", e);
            }
        }

        return FromYaml([.. sources]);
    }

    /// <summary>Rules from YAML texts (name, YAML) in order, without the shipped ones.</summary>
    public static InboundMapping FromYaml(params (string Name, string Yaml)[] sources)
    {
        var deserializer = new DeserializerBuilder().WithNamingConvention(CamelCaseNamingConvention.Instance).Build();
        var rules = new List<InboundRule>();
        foreach (var (name, yaml) in sources)
        {
            RulesDocument document;
            try
            {
                document = deserializer.Deserialize<RulesDocument?>(yaml) ?? new RulesDocument();
            }
            catch (YamlException e)
            {
                throw new InboundMappingException($"Inbound rules file '{name}' is not valid: line {e.Start.Line}, column {e.Start.Column}: {e.InnerException?.Message ?? e.Message}", e);
            }

            for (var i = 0; i < document.Rules.Count; i++)
            {
                var definition = document.Rules[i];
                var at = rules.FindIndex(r => r.Name == definition.Name);
                if (definition.Disabled)
                {
                    if (at >= 0)
                    {
                        rules.RemoveAt(at);
                    }

                    continue;
                }

                InboundRule rule;
                try
                {
                    rule = Compile(definition);
                }
                catch (FormatException e)
                {
                    throw new InboundMappingException($"Inbound rules file '{name}', rules[{i}] ('{definition.Name}'): {e.Message}", e);
                }

                if (at >= 0)
                {
                    rules[at] = rule;
                }
                else
                {
                    rules.Add(rule);
                }
            }
        }

        return new InboundMapping(rules.GroupBy(r => r.Kind, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal));
    }

    /// <summary>Applies every rule of <paramref name="kind"/> to the JSON <paramref name="document"/>.</summary>
    public InboundTranslation Translate(string kind, JsonElement document) => Translate(kind, InboundDocument.Of(document));

    /// <summary>Applies every rule of <paramref name="kind"/> to <paramref name="document"/>.</summary>
    public InboundTranslation Translate(string kind, InboundDocument document)
    {
        if (!_byKind.TryGetValue(kind, out var rules))
        {
            return InboundTranslation.Unmatched;
        }

        List<InboundEvent>? events = null;
        foreach (var rule in rules.CandidatesFor(document))
        {
            if (rule.Matches(document))
            {
                (events ??= []).Add(rule.Write(document));
            }
        }

        return events is null ? InboundTranslation.Unmatched : new InboundTranslation(events, true);
    }

    private static InboundRule Compile(RuleDefinition definition)
    {
        var name = Required(definition.Name, "name");
        var kind = Required(definition.Kind, "kind");
        var idPrefix = Required(definition.IdPrefix, "idPrefix");
        if (!idPrefix.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
        {
            throw new FormatException($"idPrefix '{idPrefix}' may hold only a-z, 0-9 and '-'");
        }

        if (!definition.Event.ContainsKey("eventType"))
        {
            throw new FormatException("event needs an eventType");
        }

        var root = EnvelopeField.Root();
        var slot = 0;
        foreach (var (path, text) in definition.Event)
        {
            if (path is "id" or "source")
            {
                throw new FormatException($"event.{path} is written by the engine: use the rule's {(path == "id" ? "id and idPrefix" : "source")}");
            }

            try
            {
                slot = root.Add(path, Parse(text, $"event.{path}", ExpressionParser.ParseExpression), slot);
            }
            catch (FormatException e) when (!e.Message.StartsWith("event.", StringComparison.Ordinal))
            {
                throw new FormatException($"event.{path}: {e.Message}", e);
            }
        }

        var source = Parse(Required(definition.Source, "source"), "source", ExpressionParser.ParseExpression);
        slot = root.Add("source", source, slot);
        if (!root.Has("metadata.source"))
        {
            slot = root.Add("metadata.source", source, slot);
        }

        return new InboundRule(
            name,
            kind,
            [.. definition.When.Select((w, i) => Parse(w, $"when[{i}]", ExpressionParser.ParseCondition))],
            [.. definition.Id.Select((p, i) => Parse(p, $"id[{i}]", ExpressionParser.ParseExpression))],
            idPrefix,
            root,
            slot);
    }

    private static Expression Parse(string text, string field, Func<string, Expression> parse)
    {
        try
        {
            return parse(text ?? "");
        }
        catch (FormatException e)
        {
            throw new FormatException($"{field}: {e.Message}", e);
        }
    }

    private static string Required(string? value, string field) =>
        string.IsNullOrWhiteSpace(value) ? throw new FormatException($"{field} is required") : value;

    private static IEnumerable<(string Name, string Yaml)> Shipped()
    {
        var assembly = typeof(InboundMapping).Assembly;
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            yield return (resource, reader.ReadToEnd());
        }
    }
}
