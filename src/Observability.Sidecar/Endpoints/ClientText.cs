using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Observability.Sidecar.Hosting;

namespace Observability.Sidecar.Endpoints;

/// <summary>
/// Text from an exception or a check that an answer shows to any client: file paths are cut out, since they tell a
/// caller about the host's layout (user names, mount points). A path under the data directory is shown relative to it
/// (<c>{data}/events/…log</c>, enough to say which file); any other absolute path is <c>{path}</c>. The log keeps the
/// full paths for the operator.
/// </summary>
internal static partial class ClientText
{
    public static string WithoutPaths(string text, SidecarOptions options)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(options);
        var data = Path.TrimEndingDirectorySeparator(Path.GetFullPath(options.DataDirectory));
        if (data.Length > 1)
        {
            text = text.Replace(data + Path.DirectorySeparatorChar, "{data}/", StringComparison.Ordinal).Replace(data, "{data}", StringComparison.Ordinal);
        }

        return AbsolutePath().Replace(text, "{path}");
    }

    /// <summary><see cref="WithoutPaths(string, SidecarOptions)"/> with the request's options.</summary>
    public static string WithoutPaths(string text, HttpContext context) =>
        WithoutPaths(text, context.RequestServices.GetRequiredService<IOptions<SidecarOptions>>().Value);

    // A slash (or drive) that starts a token, followed by path characters: not one inside a word, a URL or "{data}/".
    [GeneratedRegex("""(?<![\w.:/\\}~-])(?:/|[A-Za-z]:\\)[^\s'"`,;()\[\]{}<>]+""")]
    private static partial Regex AbsolutePath();
}
