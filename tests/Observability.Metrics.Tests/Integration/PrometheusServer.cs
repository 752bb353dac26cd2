using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Observability.Metrics.Tests.Integration;

/// <summary>A scrape job: its name, its target (<c>127.0.0.1:port</c>) and path.</summary>
internal sealed record ScrapeJob(string Name, string Target, string MetricsPath);

/// <summary>A sample of an instant query: its labels (with <c>__name__</c>) and value.</summary>
internal sealed record QueriedSample(IReadOnlyDictionary<string, string> Labels, double Value);

/// <summary>
/// A real Prometheus server on 127.0.0.1 with a free port, its storage in a temporary directory,
/// scraping the given jobs every second with exemplar storage on; killed and cleaned up on dispose.
/// </summary>
internal sealed class PrometheusServer : IAsyncDisposable
{
    private const int MaxLogCharacters = 64 * 1024;

    private readonly Process _process;
    private readonly DirectoryInfo _directory;
    private readonly StringBuilder _log;

    private PrometheusServer(Process process, DirectoryInfo directory, StringBuilder log, int port)
    {
        _process = process;
        _directory = directory;
        _log = log;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(10) };
    }

    public HttpClient Http { get; }

    /// <summary>The newest part of the server's log (at most 8 KiB), for failure messages.</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                var start = Math.Max(0, _log.Length - 8192);
                return _log.ToString(start, _log.Length - start);
            }
        }
    }

    public static async Task<PrometheusServer> StartAsync(IReadOnlyList<ScrapeJob> jobs)
    {
        var binary = ToolPaths.Prometheus;
        var directory = Directory.CreateTempSubdirectory("obs-metrics-prometheus-");
        var config = Path.Combine(directory.FullName, "prometheus.yml");
        await File.WriteAllTextAsync(config, Config(jobs));

        // The port was free a moment ago; if another process took it since, try another.
        string? lastLog = null;
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            var port = FreePort.Next();
            var log = new StringBuilder();
            var start = new ProcessStartInfo(binary)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = directory.FullName,
            };
            foreach (var argument in (string[])
                     [
                         $"--config.file={config}",
                         $"--storage.tsdb.path={Path.Combine(directory.FullName, "data")}",
                         $"--web.listen-address=127.0.0.1:{port}",
                         "--enable-feature=exemplar-storage",
                         "--storage.tsdb.retention.time=1h",
                     ])
            {
                start.ArgumentList.Add(argument);
            }

            var process = new Process { StartInfo = start };
            process.OutputDataReceived += (_, e) => Append(log, e.Data);
            process.ErrorDataReceived += (_, e) => Append(log, e.Data);
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();

            var server = new PrometheusServer(process, directory, log, port);
            if (await server.WaitUntilReadyAsync())
            {
                return server;
            }

            lastLog = server.Log;
            await server.StopProcessAsync();
            server.Http.Dispose();
            if (!lastLog.Contains("address already in use", StringComparison.Ordinal))
            {
                break;
            }
        }

        DeleteDirectory(directory);
        Assert.Fail($"Prometheus ({binary}) did not become ready. Its log:\n{lastLog}");
        return null!;
    }

    /// <summary>GET an API path and return its <c>data</c>; fails unless the status is <c>success</c>.</summary>
    public async Task<JsonElement> GetDataAsync(string pathAndQuery)
    {
        using var response = await Http.GetAsync(new Uri(pathAndQuery, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"GET {pathAndQuery} returned {(int)response.StatusCode}: {body}");
        }

        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        Assert.Equal("success", root.GetProperty("status").GetString());
        return root.GetProperty("data").Clone();
    }

    /// <summary>An instant query at the current time; fails unless the result is a vector.</summary>
    public async Task<IReadOnlyList<QueriedSample>> QueryAsync(string promql)
    {
        var data = await GetDataAsync("api/v1/query?query=" + Uri.EscapeDataString(promql));
        Assert.Equal("vector", data.GetProperty("resultType").GetString());
        return [.. data.GetProperty("result").EnumerateArray().Select(r => new QueriedSample(
            Labels(r.GetProperty("metric")),
            ParseValue(r.GetProperty("value")[1].GetString()!)))];
    }

    /// <summary>Exemplars of the series <paramref name="promql"/> selects, over the last and next hour.</summary>
    public async Task<IReadOnlyList<(IReadOnlyDictionary<string, string> Series, IReadOnlyDictionary<string, string> Labels, double Value, long UnixMilliseconds)>>
        QueryExemplarsAsync(string promql, DateTimeOffset around)
    {
        var start = around.AddHours(-1).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var end = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var data = await GetDataAsync($"api/v1/query_exemplars?query={Uri.EscapeDataString(promql)}&start={start}&end={end}");
        return [.. data.EnumerateArray().SelectMany(series => series.GetProperty("exemplars").EnumerateArray().Select(e => (
            Labels(series.GetProperty("seriesLabels")),
            Labels(e.GetProperty("labels")),
            ParseValue(e.GetProperty("value").GetString()!),
            (long)Math.Round(e.GetProperty("timestamp").GetDouble() * 1000))))];
    }

    /// <summary>A counter of Prometheus' own <c>/metrics</c> (no labels), e.g. its count of rejected samples.</summary>
    public async Task<double> OwnMetricAsync(string name)
    {
        var text = await Http.GetStringAsync(new Uri("metrics", UriKind.Relative));
        var line = text.Split('\n').SingleOrDefault(l => l.StartsWith(name + " ", StringComparison.Ordinal));
        Assert.True(line is not null, $"Prometheus' own /metrics has no unlabelled sample {name}.");
        return ParseValue(line[(name.Length + 1)..].Trim());
    }

    /// <summary>Prometheus' sample values: Go's float text, with <c>NaN</c>, <c>+Inf</c> and <c>-Inf</c>.</summary>
    public static double ParseValue(string text) => text switch
    {
        "NaN" => double.NaN,
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
    };

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await StopProcessAsync();
        DeleteDirectory(_directory);
    }

    private static Dictionary<string, string> Labels(JsonElement labels) =>
        labels.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal);

    private static string Config(IReadOnlyList<ScrapeJob> jobs)
    {
        var yaml = new StringBuilder(
            """
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
              evaluation_interval: 1m
            scrape_configs:

            """);
        foreach (var job in jobs)
        {
            // JSON strings are valid YAML flow scalars: no quoting mistakes.
            yaml.Append(CultureInfo.InvariantCulture, $"""
                  - job_name: {JsonSerializer.Serialize(job.Name)}
                    metrics_path: {JsonSerializer.Serialize(job.MetricsPath)}
                    static_configs:
                      - targets: [{JsonSerializer.Serialize(job.Target)}]

                """);
        }

        return yaml.ToString();
    }

    private static void Append(StringBuilder log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            log.Append(line).Append('\n');
            if (log.Length > MaxLogCharacters)
            {
                log.Remove(0, log.Length - MaxLogCharacters);
            }
        }
    }

    private static void DeleteDirectory(DirectoryInfo directory)
    {
        try
        {
            directory.Delete(recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp directory left behind is not worth failing a test over.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private async Task<bool> WaitUntilReadyAsync()
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < Poll.DefaultTimeout)
        {
            if (_process.HasExited)
            {
                // Let the output readers drain what the process wrote before it died.
                await _process.WaitForExitAsync();
                return false;
            }

            try
            {
                using var response = await Http.GetAsync(new Uri("-/ready", UriKind.Relative));
                if (response.IsSuccessStatusCode)
                {
                    return true;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(100);
        }

        Append(_log, $"(not ready after {Poll.DefaultTimeout.TotalSeconds:0} s)");
        return false;
    }

    private async Task StopProcessAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (InvalidOperationException)
        {
            // Never started or already gone.
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            _process.Dispose();
        }
    }
}
