using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Observability.Cli.GitImport;

/// <summary>One rule of a layout: files at <see cref="Pattern"/> are in the state <see cref="Event"/> announces.</summary>
internal sealed record LayoutRule(PathPattern Pattern, string Event, bool Final)
{
    /// <summary>The part of the event type before the colon: task, request…</summary>
    public string EntityType => Event[..Event.IndexOf(':', StringComparison.Ordinal)];
}

/// <summary>
/// Which files of a repository are tasks and requests and what a file arriving at a path means: the YAML file
/// <c>--layout</c> names, or the default shipped beside this type (<c>git-layout.yaml</c>, ADR-009's layout).
/// </summary>
internal sealed partial class GitLayout
{
    private GitLayout(IReadOnlyList<LayoutRule> rules, IReadOnlyDictionary<string, string> rework, string? chainCreated, string? chainCompleted)
    {
        Rules = rules;
        Rework = rework;
        ChainCreated = chainCreated;
        ChainCompleted = chainCompleted;
    }

    public IReadOnlyList<LayoutRule> Rules { get; }

    /// <summary>The rework event per entity type.</summary>
    public IReadOnlyDictionary<string, string> Rework { get; }

    public string? ChainCreated { get; }

    public string? ChainCompleted { get; }

    /// <summary>The default layout's YAML text.</summary>
    public static string DefaultText
    {
        get
        {
            using var stream = typeof(GitLayout).Assembly.GetManifestResourceStream("Observability.Cli.GitImport.git-layout.yaml")
                ?? throw new InvalidOperationException("The default git layout is not embedded in the CLI.");
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }
    }

    public static GitLayout Default => Parse(DefaultText, "the default layout");

    /// <summary>Reads and checks a layout.</summary>
    /// <exception cref="ArgumentException">The YAML does not parse, or a field is wrong (named in the message).</exception>
    public static GitLayout Parse(string yaml, string source)
    {
        LayoutFile file;
        try
        {
            file = new DeserializerBuilder().WithNamingConvention(CamelCaseNamingConvention.Instance).Build().Deserialize<LayoutFile?>(yaml) ?? new LayoutFile();
        }
        catch (YamlException e)
        {
            throw new ArgumentException($"{source}: line {e.Start.Line}: {e.InnerException?.Message ?? e.Message}", e);
        }

        if (file.Rules is not { Count: > 0 })
        {
            throw new ArgumentException($"{source}: rules: at least one rule is needed.");
        }

        var rules = new List<LayoutRule>();
        for (var i = 0; i < file.Rules.Count; i++)
        {
            var rule = file.Rules[i];
            var where = $"{source}: rules[{i}]";
            if (string.IsNullOrWhiteSpace(rule.Path))
            {
                throw new ArgumentException($"{where}.path is missing.");
            }

            CheckEventType($"{where}.event", rule.Event);
            PathPattern pattern;
            try
            {
                pattern = PathPattern.Parse(rule.Path);
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException($"{where}.path: {e.Message}", e);
            }

            rules.Add(new LayoutRule(pattern, rule.Event!, rule.Final));
        }

        var rework = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (entity, type) in file.Rework ?? [])
        {
            CheckEventType($"{source}: rework.{entity}", type);
            if (!type.StartsWith(entity + ":", StringComparison.Ordinal))
            {
                throw new ArgumentException($"{source}: rework.{entity}: '{type}' is not a {entity} event ({entity}:...).");
            }

            rework[entity] = type;
        }

        var created = Optional($"{source}: chains.created", file.Chains?.Created);
        var completed = Optional($"{source}: chains.completed", file.Chains?.Completed);
        return new GitLayout(rules, rework, created, completed);
    }

    private static string? Optional(string field, string? type)
    {
        if (string.IsNullOrEmpty(type))
        {
            return null;
        }

        CheckEventType(field, type);
        return type;
    }

    private static void CheckEventType(string field, string? type)
    {
        if (type is null || !EventType().IsMatch(type))
        {
            throw new ArgumentException($"{field}: '{type}' is not an event type (entity:action, lowercase letters, digits, '_').");
        }
    }

    [GeneratedRegex("^[a-z0-9_]+:[a-z0-9_]+$", RegexOptions.CultureInvariant)]
    private static partial Regex EventType();

    // The YAML's shape; YamlDotNet sets these through their setters.
    private sealed class LayoutFile
    {
        public List<RuleEntry>? Rules { get; set; }

        public Dictionary<string, string>? Rework { get; set; }

        public ChainEntry? Chains { get; set; }
    }

    private sealed class RuleEntry
    {
        public string? Path { get; set; }

        public string? Event { get; set; }

        public bool Final { get; set; }
    }

    private sealed class ChainEntry
    {
        public string? Created { get; set; }

        public string? Completed { get; set; }
    }
}
