using YamlDotNet.RepresentationModel;

namespace Observability.Ops.Tests.Support;

/// <summary>YAML files read with YamlDotNet's representation model, with short accessors that fail the test on a wrong shape.</summary>
internal static class Yaml
{
    public static YamlStream Stream(string text)
    {
        var stream = new YamlStream();
        using var reader = new StringReader(text);
        stream.Load(reader);
        return stream;
    }

    /// <summary>The single document of a file.</summary>
    public static YamlMappingNode Load(string path) => (YamlMappingNode)Stream(File.ReadAllText(path)).Documents.Single().RootNode;

    /// <summary>Every document of a (multi-document) file.</summary>
    public static IReadOnlyList<YamlMappingNode> LoadAll(string path) =>
        [.. Stream(File.ReadAllText(path)).Documents.Select(d => (YamlMappingNode)d.RootNode)];

    public static YamlNode? Get(this YamlNode node, string key) =>
        node is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    public static YamlNode Req(this YamlNode node, string key) =>
        node.Get(key) ?? throw new Xunit.Sdk.XunitException($"'{key}' is missing at line {node.Start.Line}.");

    public static string? Str(this YamlNode node, string key) => (node.Get(key) as YamlScalarNode)?.Value;

    public static IEnumerable<YamlNode> Seq(this YamlNode node, string key) =>
        node.Get(key) is YamlSequenceNode sequence ? sequence.Children : [];

    public static IReadOnlyDictionary<string, string> Map(this YamlNode node, string key) =>
        node.Get(key) is YamlMappingNode map
            ? map.Children.ToDictionary(c => ((YamlScalarNode)c.Key).Value!, c => (c.Value as YamlScalarNode)?.Value ?? string.Empty, StringComparer.Ordinal)
            : new Dictionary<string, string>();
}
