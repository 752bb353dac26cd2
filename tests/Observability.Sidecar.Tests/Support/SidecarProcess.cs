using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Observability.Sidecar.Tests.Support;

/// <summary>How to start a sidecar.</summary>
internal sealed record SidecarStart(string DataDirectory)
{
    /// <summary>Extra command-line arguments, e.g. <c>--Sidecar:Namespace opencode</c>.</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>Extra environment variables (null removes one).</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();

    /// <summary>Working directory of the process; the data directory when null.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>Wait for <c>GET /readiness</c> == 200 (otherwise only for the port to answer).</summary>
    public bool WaitUntilReady { get; init; } = true;

    /// <summary>A token every request of <see cref="SidecarProcess.Http"/> carries as <c>Authorization: Bearer</c>; none when null.</summary>
    public string? Token { get; init; }

    /// <summary>Serve HTTPS (<c>--urls https://…</c>) and trust only this server certificate; plain HTTP when null.</summary>
    public System.Security.Cryptography.X509Certificates.X509Certificate2? ServerCertificate { get; init; }

    /// <summary>The client certificate <see cref="SidecarProcess.Http"/> shows (mutual TLS); none when null.</summary>
    public System.Security.Cryptography.X509Certificates.X509Certificate2? ClientCertificate { get; init; }

    /// <summary>https when <see cref="ServerCertificate"/> is set.</summary>
    public string Scheme => ServerCertificate is null ? "http" : "https";

    /// <summary>Keep per-request log lines (ASP.NET Core's, and the sidecar's request-completion lines) out of the captured output.</summary>
    public bool QuietRequestLogs { get; init; } = true;
}

/// <summary>An answer from the sidecar, read completely.</summary>
internal sealed record SidecarResponse(HttpStatusCode Status, string? ContentType, string Body, HttpResponseHeaders Headers, HttpContentHeaders ContentHeaders)
{
    private JsonElement? _json;

    /// <summary>The body as JSON; fails the test with the body when it is not.</summary>
    public JsonElement Json
    {
        get
        {
            if (_json is null)
            {
                try
                {
                    using var document = JsonDocument.Parse(Body);
                    _json = document.RootElement.Clone();
                }
                catch (JsonException e)
                {
                    throw new Xunit.Sdk.XunitException($"The body is not JSON ({e.Message}): {Body}");
                }
            }

            return _json.Value;
        }
    }

    public override string ToString() => $"{(int)Status} {ContentType}: {Body}";
}

/// <summary>
/// The real sidecar (<c>dotnet Observability.Sidecar.dll</c>) as a child process on a loopback port it binds itself, with its
/// output captured. Start waits (bounded) for readiness; stop is SIGTERM, kill is SIGKILL; dispose kills what is left.
/// </summary>
internal sealed partial class SidecarProcess : IAsyncDisposable
{
    public static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    private SidecarProcess(ChildProcess child, int port, SidecarStart start)
    {
        Child = child;
        Port = port;
        Start = start;
        BaseAddress = new Uri($"{start.Scheme}://127.0.0.1:{port}/");
        Http = new HttpClient(Handler(start))
        {
            BaseAddress = BaseAddress,
            Timeout = TimeSpan.FromSeconds(30),
        };
        if (start.Token is not null)
        {
            Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", start.Token);
        }
    }

    public ChildProcess Child { get; }

    /// <summary>A handler for <paramref name="start"/>'s sidecar: trusting its server certificate, showing its client one.</summary>
    public static SocketsHttpHandler Handler(SidecarStart start)
    {
        var handler = new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.None, UseProxy = false };
        if (start.ServerCertificate is { } server)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                certificate is not null && certificate.GetCertHashString() == server.GetCertHashString();
        }

        if (start.ClientCertificate is { } client)
        {
            handler.SslOptions.ClientCertificates = [client];
        }

        return handler;
    }

    public int Port { get; }

    public SidecarStart Start { get; }

    public Uri BaseAddress { get; }

    public HttpClient Http { get; }

    private static IEnumerable<Exception> Causes(Exception e)
    {
        for (var c = e; c is not null; c = c.InnerException)
        {
            yield return c;
        }
    }

    public string DataDirectory => Start.DataDirectory;

    public string Output => Child.Output;

    public static Task<SidecarProcess> StartAsync(string dataDirectory, params string[] arguments) =>
        StartAsync(new SidecarStart(dataDirectory) { Arguments = arguments });

    public static async Task<SidecarProcess> StartAsync(SidecarStart start)
    {
        // Port 0: the kernel picks a free port as Kestrel binds it, read back from the host's "Now listening on" line. A
        // port probed free and bound by the child seconds later could meanwhile be taken by another process, or by
        // another test's sidecar, whose readiness this one's wait would then have taken for its own.
        var child = Launch(start, 0);
        int port;
        try
        {
            port = await ListeningPortAsync(child, start.Scheme, ReadyTimeout);
        }
        catch
        {
            await child.DisposeAsync();
            throw;
        }

        var sidecar = new SidecarProcess(child, port, start);
        try
        {
            if (start.WaitUntilReady)
            {
                await sidecar.WaitUntilReadyAsync(ReadyTimeout);
            }
            else
            {
                await sidecar.WaitUntilListeningAsync(ReadyTimeout);
            }

            return sidecar;
        }
        catch
        {
            await sidecar.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs the sidecar expecting it to exit by itself (e.g. invalid configuration); returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunToExitAsync(SidecarStart start, TimeSpan timeout)
    {
        await using var child = Launch(start, 0);
        if (!await child.WaitForExitAsync(timeout))
        {
            throw new Xunit.Sdk.XunitException($"The sidecar did not exit within {timeout}. Output:\n{child.Output}");
        }

        return (child.ExitCode, child.Output);
    }

    /// <summary>Polls <c>GET /readiness</c> until it answers 200; fails with the output if the process dies or time runs out.</summary>
    public async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var last = "no answer";
        while (DateTime.UtcNow < deadline)
        {
            if (Child.HasExited)
            {
                throw new SidecarStartException($"The sidecar exited with {Child.ExitCode} before it was ready. Output:\n{Output}");
            }

            try
            {
                using var response = await Http.GetAsync(new Uri("readiness", UriKind.Relative));
                last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException e)
            {
                last = e.Message;
            }

            await Task.Delay(100);
        }

        throw new SidecarStartException($"The sidecar was not ready within {timeout}; last readiness answer: {last}. Output:\n{Output}");
    }

    /// <summary>Polls <c>GET /health</c> (liveness) until it answers at all.</summary>
    public async Task WaitUntilListeningAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (Child.HasExited)
            {
                throw new SidecarStartException($"The sidecar exited with {Child.ExitCode} before it listened. Output:\n{Output}");
            }

            try
            {
                using var response = await Http.GetAsync(new Uri("health", UriKind.Relative));
                return;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(100);
            }
        }

        throw new SidecarStartException($"The sidecar did not listen within {timeout}. Output:\n{Output}");
    }

    /// <summary>SIGTERM, then waits (bounded) for the exit; returns the exit code.</summary>
    public async Task<int> StopAsync()
    {
        if (!Child.HasExited)
        {
            await Child.SignalAsync("TERM");
        }

        if (!await Child.WaitForExitAsync(StopTimeout))
        {
            await Child.KillAsync(TimeSpan.FromSeconds(10));
            throw new Xunit.Sdk.XunitException($"The sidecar did not stop within {StopTimeout} of SIGTERM (killed). Output:\n{Output}");
        }

        return Child.ExitCode;
    }

    /// <summary>SIGKILL, then waits for the exit.</summary>
    public Task KillAsync() => Child.KillAsync(TimeSpan.FromSeconds(10));

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Child.DisposeAsync();
    }

    public Task<SidecarResponse> PostEventsAsync(params JsonNode[] events) => PostAsync(TestEvents.Array(events), "application/json");

    public Task<SidecarResponse> PostNdjsonAsync(params JsonNode[] events) => PostAsync(TestEvents.Ndjson(events), "application/x-ndjson");

    public Task<SidecarResponse> PostAsync(string body, string? contentType) => PostAsync(Encoding.UTF8.GetBytes(body), contentType);

    /// <summary>Posts raw bytes, for bodies that are not valid UTF-8.</summary>
    public async Task<SidecarResponse> PostAsync(byte[] body, string? contentType)
    {
        using var content = new ByteArrayContent(body);
        if (contentType is not null)
        {
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        return await SendAsync(new HttpRequestMessage(HttpMethod.Post, new Uri("api/v1/events", UriKind.Relative)) { Content = content });
    }

    public Task<SidecarResponse> GetAsync(string path, string? accept = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path.TrimStart('/'), UriKind.Relative));
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        return SendAsync(request);
    }

    public async Task<SidecarResponse> SendAsync(HttpRequestMessage request)
    {
        using (request)
        {
            try
            {
                using var response = await Http.SendAsync(request);
                var body = await response.Content.ReadAsStringAsync();
                return new SidecarResponse(response.StatusCode, response.Content.Headers.ContentType?.MediaType, body, response.Headers, response.Content.Headers);
            }
            catch (HttpRequestException e)
            {
                // The whole chain: "An error occurred while sending the request" alone does not say whether the connection
                // was refused, reset or ended before the response.
                var causes = string.Join(" <- ", Causes(e).Select(c => $"{c.GetType().Name}: {c.Message}"));
                throw new Xunit.Sdk.XunitException($"{request.Method} {request.RequestUri} failed: {causes}. Exited: {Child.HasExited}. Sidecar output:\n{Output}");
            }
        }
    }

    /// <summary>Scrapes <c>/metrics</c> in the text format and parses it.</summary>
    public async Task<MetricsSnapshot> ScrapeAsync()
    {
        var response = await GetAsync("/metrics", "text/plain; version=0.0.4");
        Assert.True(response.Status == HttpStatusCode.OK, $"GET /metrics answered {response}");
        return MetricsSnapshot.Parse(response.Body);
    }

    /// <summary>Scrapes until <paramref name="condition"/> holds, failing with the last scrape and the output after <paramref name="patience"/>.</summary>
    public async Task<MetricsSnapshot> ScrapeUntilAsync(TimeSpan patience, Func<MetricsSnapshot, bool> condition)
    {
        var deadline = DateTime.UtcNow + patience;
        while (true)
        {
            var metrics = await ScrapeAsync();
            if (condition(metrics))
            {
                return metrics;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException($"/metrics did not reach the expected state within {patience}. Last scrape:\n{metrics.Text}\nOutput:\n{Output}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>
    /// Waits (bounded by <paramref name="patience"/>, 30 s by default) until the captured output contains
    /// <paramref name="text"/>, failing with the output when it never does. A running sidecar's line reaches
    /// <see cref="Output"/> through a pipe and a reader on the thread pool, after the answer the line was written before
    /// may already have arrived: assert a running sidecar's lines this way (a stopped one's output is complete).
    /// </summary>
    public async Task AssertOutputContainsAsync(string text, TimeSpan? patience = null)
    {
        var limit = patience ?? TimeSpan.FromSeconds(30);
        var deadline = DateTime.UtcNow + limit;
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException($"The sidecar's output did not contain \"{text}\" within {limit}. Output:\n{Output}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Fails unless the sidecar still runs, is ready and accepts an event.</summary>
    public async Task AssertStillServingAsync()
    {
        Assert.False(Child.HasExited, $"The sidecar exited with {(Child.HasExited ? Child.ExitCode : 0)}. Output:\n{Output}");
        var readiness = await GetAsync("/readiness");
        Assert.True(readiness.Status == HttpStatusCode.OK, $"readiness: {readiness}");
        var post = await PostEventsAsync(TestEvents.Make(TestEvents.NewId("alive"), "chain:created", "CHAIN-ALIVE", TestEvents.T0));
        Assert.True(post.Status == HttpStatusCode.OK, $"a valid event after the error: {post}");
    }

    // The first address the host logs is the main one (--urls comes before Otlp:GrpcUrl's); text or CLEF lines.
    [GeneratedRegex("""(?:Now listening on: |"address":")(?<scheme>https?)://127\.0\.0\.1:(?<port>[0-9]+)""")]
    private static partial Regex NowListening();

    private static async Task<int> ListeningPortAsync(ChildProcess child, string scheme, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (NowListening().Matches(child.Output).FirstOrDefault(m => m.Groups["scheme"].Value == scheme) is { } match)
            {
                return int.Parse(match.Groups["port"].ValueSpan, CultureInfo.InvariantCulture);
            }

            if (child.HasExited)
            {
                throw new SidecarStartException($"The sidecar exited with {child.ExitCode} before it listened. Output:\n{child.Output}");
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new SidecarStartException($"The sidecar did not log the address it listens on within {timeout}. Output:\n{child.Output}");
            }

            await Task.Delay(50);
        }
    }

    private static ChildProcess Launch(SidecarStart start, int port)
    {
        var arguments = new List<string>
        {
            Artifacts.SidecarDll,
            "--urls", $"{start.Scheme}://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}",
            "--Sidecar:DataDirectory", start.DataDirectory,
        };
        arguments.AddRange(start.Arguments);
        var environment = new Dictionary<string, string?>
        {
            ["ASPNETCORE_URLS"] = null,
            ["ASPNETCORE_ENVIRONMENT"] = null,
            ["DOTNET_ENVIRONMENT"] = null,
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = null,
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        };
        if (start.QuietRequestLogs)
        {
            environment["Serilog__MinimumLevel__Override__Microsoft.AspNetCore"] = "Warning";
            environment["Serilog__MinimumLevel__Override__Serilog.AspNetCore.RequestLoggingMiddleware"] = "Warning";
        }

        foreach (var (name, value) in start.Environment)
        {
            environment[name] = value;
        }

        var workingDirectory = start.WorkingDirectory ?? start.DataDirectory;
        Directory.CreateDirectory(workingDirectory);
        return ChildProcess.Start("dotnet", arguments, workingDirectory, environment);
    }
}

/// <summary>The sidecar did not come up; the message holds its output.</summary>
internal sealed class SidecarStartException(string message) : Exception(message);
