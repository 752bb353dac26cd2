using System.CommandLine;

namespace Observability.Cli;

/// <summary>Options every command understands (recursive on the root command).</summary>
internal static class CommonOptions
{
    /// <summary>The sidecar's default address (its embedded default port, on loopback).</summary>
    public const string DefaultUrl = "http://127.0.0.1:9464";

    public static readonly Option<string> Url = new("--url")
    {
        Description = "The sidecar's base URL.",
        DefaultValueFactory = _ => DefaultUrl,
        Recursive = true,
    };

    /// <summary>The environment variable <c>--token</c> falls back to.</summary>
    public const string TokenVariable = "AGENTOBS_TOKEN";

    // No default value factory: help would print the token from the environment.
    public static readonly Option<string?> Token = new("--token")
    {
        Description = $"The sidecar token, sent as 'Authorization: Bearer TOKEN' (default: ${TokenVariable}).",
        Recursive = true,
    };

    public static readonly Option<DirectoryInfo?> DataDir = new("--data-dir")
    {
        Description = "Work on a sidecar data directory (its events/ log) offline and read-only, instead of a running sidecar.",
        Recursive = true,
    };

    public static readonly Option<bool> Json = new("--json")
    {
        Description = "Print the answer as JSON.",
        Recursive = true,
    };

    /// <summary>The <c>--url</c> as an absolute http(s) base address ending in '/', or null when it is not one.</summary>
    public static Uri? BaseAddress(ParseResult parse)
    {
        var text = parse.GetValue(Url) ?? DefaultUrl;
        return Uri.TryCreate(text.EndsWith('/') ? text : text + "/", UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri
            : null;
    }

    /// <summary>The token from <c>--token</c>, else from <c>AGENTOBS_TOKEN</c>; null when neither is set.</summary>
    public static string? TokenOf(ParseResult parse) =>
        parse.GetValue(Token) is { Length: > 0 } given ? given
            : Environment.GetEnvironmentVariable(TokenVariable) is { Length: > 0 } variable ? variable.Trim()
            : null;

    /// <summary>The event log folder of a data directory: <c>&lt;data-dir&gt;/events</c>.</summary>
    public static string EventsDirectory(DirectoryInfo dataDirectory) => Path.Combine(dataDirectory.FullName, "events");
}
