using System.Globalization;

namespace Observability.Sidecar.Hosting;

/// <summary>
/// <c>Observability.Sidecar --healthcheck [url]</c>: asks a running sidecar's <c>/health</c> and exits 0 when it answers
/// 200, 1 otherwise. Container images of the sidecar carry no curl or wget; this lets a Docker <c>HEALTHCHECK</c> (or a
/// compose healthcheck) probe it with the runtime it already has.
/// </summary>
internal static class HealthcheckCommand
{
    /// <summary>The argument that selects this mode.</summary>
    public const string Argument = "--healthcheck";

    /// <summary>Where the sidecar listens by default (appsettings.json's <c>Urls</c>).</summary>
    public const string DefaultUrl = "http://127.0.0.1:9464/health";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    /// <summary>True when the command line asks for a health check instead of a server.</summary>
    public static bool IsRequested(string[] args) => args.Length > 0 && args[0] == Argument;

    /// <summary>Probes the URL (the argument after <c>--healthcheck</c>, or <see cref="DefaultUrl"/>); returns the exit code.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var url = args.Length > 1 ? args[1] : DefaultUrl;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            await Console.Error.WriteLineAsync($"healthcheck: '{url}' is not an absolute http(s) URL");
            return 2;
        }

        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = Timeout };
        try
        {
            using var response = await http.GetAsync(uri);
            var status = (int)response.StatusCode;
            await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"healthcheck: {uri} answered {status}"));
            return status == 200 ? 0 : 1;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            await Console.Error.WriteLineAsync($"healthcheck: {uri} failed: {e.Message}");
            return 1;
        }
    }
}
