using System.Text;
using System.Text.RegularExpressions;

namespace Observability.Cli.GitImport;

/// <summary>
/// A layout's path pattern (<c>**/{chain:CHAIN-*}/done/{id}.md</c>) compiled to one anchored regular expression:
/// <c>**</c> any folders, <c>*</c> inside one name, <c>{id}</c> and <c>{chain}</c> capture one name, optionally
/// restricted by a glob after a colon.
/// </summary>
internal sealed class PathPattern
{
    private static readonly Regex Capture = new(@"\{(?<name>[a-z]+)(:(?<glob>[^}]*))?\}", RegexOptions.CultureInvariant);

    private readonly Regex _regex;

    private PathPattern(string text, Regex regex, bool hasChain)
    {
        Text = text;
        _regex = regex;
        HasChain = hasChain;
    }

    public string Text { get; }

    /// <summary>Whether the pattern captures a <c>{chain}</c>.</summary>
    public bool HasChain { get; }

    /// <exception cref="ArgumentException">The pattern has no <c>{id}</c>, an unknown capture, or a capture twice.</exception>
    public static PathPattern Parse(string text)
    {
        var regex = new StringBuilder("^");
        var names = new HashSet<string>(StringComparer.Ordinal);
        var segments = text.Split('/');
        for (var s = 0; s < segments.Length; s++)
        {
            var segment = segments[s];
            if (segment == "**")
            {
                // Any folders, none included: "**/x" matches "x" and "a/b/x".
                regex.Append(s == segments.Length - 1 ? ".*" : "(?:[^/]+/)*");
                continue;
            }

            var at = 0;
            foreach (Match capture in Capture.Matches(segment))
            {
                regex.Append(Glob(segment[at..capture.Index]));
                var name = capture.Groups["name"].Value;
                if (name is not ("id" or "chain"))
                {
                    throw new ArgumentException($"'{text}': {{{name}}} is not a capture this layout knows ({{id}}, {{chain}}).");
                }

                if (!names.Add(name))
                {
                    throw new ArgumentException($"'{text}': {{{name}}} appears twice.");
                }

                var inner = capture.Groups["glob"].Success ? Glob(capture.Groups["glob"].Value) : "[^/]+?";
                regex.Append("(?<").Append(name).Append('>').Append(inner).Append(')');
                at = capture.Index + capture.Length;
            }

            regex.Append(Glob(segment[at..]));
            if (s < segments.Length - 1)
            {
                regex.Append('/');
            }
        }

        if (!names.Contains("id"))
        {
            throw new ArgumentException($"'{text}' has no {{id}}: every rule names the entity.");
        }

        regex.Append('$');
        return new PathPattern(text, new Regex(regex.ToString(), RegexOptions.CultureInvariant | RegexOptions.Compiled), names.Contains("chain"));
    }

    /// <summary>The entity id and chain id of <paramref name="path"/>, or false when it does not match.</summary>
    public bool TryMatch(string path, out string id, out string? chain, out string? chainFolder)
    {
        var match = _regex.Match(path);
        id = match.Success ? match.Groups["id"].Value : string.Empty;
        var chainGroup = match.Groups["chain"];
        chain = match.Success && chainGroup.Success ? chainGroup.Value : null;
        chainFolder = chain is null ? null : path[..(chainGroup.Index + chainGroup.Length)];
        return match.Success;
    }

    private static string Glob(string text) => Regex.Escape(text).Replace(@"\*", "[^/]*", StringComparison.Ordinal);
}
