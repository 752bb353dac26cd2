using System.Globalization;
using System.Text.Json;
using Observability.Sidecar.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace Observability.Ops.Tests.Support;

/// <summary>
/// The deployment under test, all on 127.0.0.1 with free ports and temp directories: the real sidecar (or several,
/// scraped by the same job), a real Alertmanager with a copy of prometheus/alertmanager.yml whose receivers point at
/// <see cref="Receiver"/>, a listener on 127.0.0.1 (the shipped URLs reach docker-compose's alert-webhook, which a test
/// must not try), and a real Prometheus whose configuration and rules are generated from prometheus/prometheus.yml
/// and alerts.yml (scrape and evaluation every second, every range and offset <see cref="Range"/>, every <c>for</c>
/// <see cref="Hold"/>). Disposing kills them all.
/// </summary>
internal sealed class OpsStack : IAsyncDisposable
{
    public const string Range = "15s";
    public const string Hold = "3s";

    private readonly TempDirectory _directory;
    private readonly List<SidecarProcess> _sidecars = [];

    private OpsStack(TempDirectory directory, SidecarProcess sidecar)
    {
        _directory = directory;
        Sidecar = sidecar;
        _sidecars.Add(sidecar);
    }

    public SidecarProcess Sidecar { get; }

    /// <summary>Every sidecar Prometheus scrapes (job <c>agentobs-sidecar</c>), the first one <see cref="Sidecar"/>.</summary>
    public IReadOnlyList<SidecarProcess> Sidecars => _sidecars;

    /// <summary>Where Alertmanager delivers notifications; null before <see cref="StartMonitoringAsync"/>.</summary>
    public AlertReceiver? Receiver { get; private set; }

    /// <summary>The Alertmanager configuration it loaded: prometheus/alertmanager.yml with loopback receivers.</summary>
    public string AlertmanagerConfig { get; private set; } = string.Empty;

    public ChildProcess? Alertmanager { get; private set; }

    public ChildProcess? Prometheus { get; private set; }

    public HttpClient PrometheusHttp { get; } = new() { Timeout = TimeSpan.FromSeconds(10) };

    public HttpClient AlertmanagerHttp { get; } = new() { Timeout = TimeSpan.FromSeconds(10) };

    /// <summary>The generated rule file Prometheus loaded.</summary>
    public string ShortRules { get; private set; } = string.Empty;

    /// <summary>Starts the sidecar only; <see cref="StartMonitoringAsync"/> adds Alertmanager and Prometheus.</summary>
    public static async Task<OpsStack> StartSidecarAsync(params string[] sidecarArguments)
    {
        var directory = new TempDirectory("ops-scenario");
        try
        {
            var sidecar = await SidecarProcess.StartAsync(new SidecarStart(directory.Combine("data")) { Arguments = sidecarArguments });
            return new OpsStack(directory, sidecar);
        }
        catch
        {
            directory.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Starts the sidecar with authentication on: the feed writes (and the test reads) with a token of its own, and
    /// <c>/metrics</c> needs <see cref="ScrapeToken"/>, which Prometheus sends from a credentials file.
    /// </summary>
    public static async Task<OpsStack> StartSecuredSidecarAsync(params string[] sidecarArguments)
    {
        var directory = new TempDirectory("ops-scenario");
        try
        {
            var arguments = TestTokens.Arguments([FeedToken, ScrapeToken]);
            arguments.AddRange(["--Auth:RequireMetricsToken", "true", .. sidecarArguments]);
            var sidecar = await SidecarProcess.StartAsync(new SidecarStart(directory.Combine("data")) { Arguments = arguments, Token = FeedToken.Secret });
            var credentials = directory.Combine("prometheus-token");
            await File.WriteAllTextAsync(credentials, ScrapeToken.Secret + "\n");
            return new OpsStack(directory, sidecar) { _credentialsFile = credentials };
        }
        catch
        {
            directory.Dispose();
            throw;
        }
    }

    /// <summary>The token of the scenario's feed (and of the test's own reads and scrapes).</summary>
    public static readonly TestToken FeedToken = new("scenario-feed", "feed-" + Guid.NewGuid().ToString("N"), "ingest", "read", "admin", "metrics");

    /// <summary>The token Prometheus scrapes with: scope metrics only.</summary>
    public static readonly TestToken ScrapeToken = new("prometheus", "scrape-" + Guid.NewGuid().ToString("N"), "metrics");

    private string? _credentialsFile;

    /// <summary>Starts another sidecar (its own data directory) that Prometheus will scrape beside the first; call before monitoring.</summary>
    public async Task<SidecarProcess> AddSidecarAsync(params string[] sidecarArguments)
    {
        Assert.True(Prometheus is null, "add sidecars before StartMonitoringAsync: Prometheus' targets are fixed then");
        var sidecar = await SidecarProcess.StartAsync(new SidecarStart(_directory.Combine($"data-{_sidecars.Count}")) { Arguments = sidecarArguments });
        _sidecars.Add(sidecar);
        return sidecar;
    }

    /// <summary>
    /// Starts Alertmanager and Prometheus. <paramref name="ruleFiles"/> (file name to text) are the rules Prometheus
    /// loads; by default alerts.yml shortened (<see cref="ShortRules"/>).
    /// </summary>
    public async Task StartMonitoringAsync(IReadOnlyDictionary<string, string>? ruleFiles = null)
    {
        Receiver = new AlertReceiver();
        var alertmanagerConfig = _directory.Combine("alertmanager.yml");
        AlertmanagerConfig = LoopbackAlertmanagerConfig(await File.ReadAllTextAsync(Repo.AlertmanagerYml), Receiver.BaseUrl);
        await File.WriteAllTextAsync(alertmanagerConfig, AlertmanagerConfig);
        Alertmanager = ChildProcess.Start(
            Tool.Find("prometheus-alertmanager", "prometheus-alertmanager"),
            [
                $"--config.file={alertmanagerConfig}",
                $"--storage.path={_directory.Combine("alertmanager")}",
                // The kernel picks the port as it binds (logged at info): a probed free port could be taken meanwhile.
                $"--web.listen-address={ListeningPort.AnyLoopbackPort}",
                // No gossip: a single instance, and nothing listening beyond loopback.
                "--cluster.listen-address=",
                "--log.level=info",
            ],
            _directory.Path);
        var alertmanagerPort = await ListeningPort.ReadAsync(Alertmanager, "Alertmanager", TimeSpan.FromSeconds(30));
        AlertmanagerHttp.BaseAddress = new Uri($"http://127.0.0.1:{alertmanagerPort}/");
        await WaitReadyAsync(AlertmanagerHttp, Alertmanager, "Alertmanager");

        ShortRules = RuleFile.Shortened(await File.ReadAllTextAsync(Repo.AlertsYml), Range, Hold, "1s");
        ruleFiles ??= new Dictionary<string, string>(StringComparer.Ordinal) { ["alerts.yml"] = ShortRules };
        foreach (var (name, text) in ruleFiles)
        {
            await File.WriteAllTextAsync(_directory.Combine(name), text);
        }

        var config = _directory.Combine("prometheus.yml");
        await File.WriteAllTextAsync(config, PrometheusConfig([.. _sidecars.Select(s => s.Port)], alertmanagerPort, [.. ruleFiles.Keys], _credentialsFile));
        Prometheus = ChildProcess.Start(
            Tool.Find("prometheus", "prometheus"),
            [
                $"--config.file={config}",
                $"--storage.tsdb.path={_directory.Combine("tsdb")}",
                $"--web.listen-address={ListeningPort.AnyLoopbackPort}",
                "--rules.alert.resend-delay=1s",
                "--log.level=info",
            ],
            _directory.Path);
        var prometheusPort = await ListeningPort.ReadAsync(Prometheus, "Prometheus", TimeSpan.FromSeconds(30));
        PrometheusHttp.BaseAddress = new Uri($"http://127.0.0.1:{prometheusPort}/");
        await WaitReadyAsync(PrometheusHttp, Prometheus, "Prometheus");
    }

    /// <summary>An instant query (now, or at <paramref name="at"/>); fails on an error status. Returns the result vector.</summary>
    public async Task<IReadOnlyList<JsonElement>> QueryAsync(string promql, DateTimeOffset? at = null)
    {
        var time = at is { } t ? "&time=" + (t.ToUnixTimeMilliseconds() / 1000.0).ToString("F3", CultureInfo.InvariantCulture) : string.Empty;
        using var response = await PrometheusHttp.GetAsync(new Uri("api/v1/query?query=" + Uri.EscapeDataString(promql) + time, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        Assert.True(response.IsSuccessStatusCode && root.GetProperty("status").GetString() == "success", $"query {promql} failed: {body}");
        var data = root.GetProperty("data");
        return data.GetProperty("resultType").GetString() == "vector"
            ? [.. data.GetProperty("result").EnumerateArray().Select(e => e.Clone())]
            : [data.GetProperty("result").Clone()];
    }

    /// <summary>Label values Grafana's <c>label_values(metric, label)</c> would list.</summary>
    public async Task<IReadOnlyList<string>> LabelValuesAsync(string label, string metric)
    {
        var body = await PrometheusHttp.GetStringAsync(new Uri($"api/v1/label/{label}/values?match[]={Uri.EscapeDataString(metric)}", UriKind.Relative));
        using var document = JsonDocument.Parse(body);
        return [.. document.RootElement.GetProperty("data").EnumerateArray().Select(v => v.GetString()!)];
    }

    /// <summary>Alert names in a state (<c>firing</c> or <c>pending</c>) in Prometheus, by the ALERTS series.</summary>
    public async Task<IReadOnlySet<string>> AlertsAsync(string state) =>
        (await QueryAsync($"ALERTS{{alertstate=\"{state}\"}}"))
            .Select(s => s.GetProperty("metric").GetProperty("alertname").GetString()!)
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>Names of the active alerts Alertmanager's API lists.</summary>
    public async Task<IReadOnlySet<string>> AlertmanagerAlertsAsync()
    {
        var body = await AlertmanagerHttp.GetStringAsync(new Uri("api/v2/alerts?active=true", UriKind.Relative));
        using var document = JsonDocument.Parse(body);
        return document.RootElement.EnumerateArray()
            .Select(a => a.GetProperty("labels").GetProperty("alertname").GetString()!)
            .ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Polls until <paramref name="done"/> holds; fails with the last state and the servers' output.</summary>
    public async Task UntilAsync(string what, Func<Task<(bool Done, string State)>> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var state = "not checked";
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                (var ok, state) = await done();
                if (ok)
                {
                    return;
                }
            }
            catch (HttpRequestException e)
            {
                state = e.Message;
            }

            await Task.Delay(500);
        }

        Assert.Fail($"Timed out after {timeout.TotalSeconds:0} s waiting for {what}.\nLast state: {state}\n{Diagnostics()}");
    }

    public string Diagnostics() =>
        $"Prometheus output:\n{Tail(Prometheus?.Output)}\nAlertmanager output:\n{Tail(Alertmanager?.Output)}\nSidecar output:\n{Tail(Sidecar.Output)}";

    public async ValueTask DisposeAsync()
    {
        PrometheusHttp.Dispose();
        AlertmanagerHttp.Dispose();
        if (Prometheus is not null)
        {
            await Prometheus.DisposeAsync();
        }

        if (Alertmanager is not null)
        {
            await Alertmanager.DisposeAsync();
        }

        foreach (var sidecar in _sidecars)
        {
            await sidecar.DisposeAsync();
        }

        Receiver?.Dispose();
        _directory.Dispose();
    }

    /// <summary>
    /// prometheus/alertmanager.yml with every webhook URL moved to <paramref name="receiver"/> (same path, so a
    /// notification still says which receiver it went to) and the grouping waits cut to a second; routes, matchers,
    /// receivers and inhibitions are as shipped.
    /// </summary>
    public static string LoopbackAlertmanagerConfig(string text, Uri receiver)
    {
        var stream = Yaml.Stream(text);
        var root = (YamlMappingNode)stream.Documents.Single().RootNode;
        foreach (var hook in root.Seq("receivers").SelectMany(r => r.Seq("webhook_configs")).Cast<YamlMappingNode>())
        {
            var shipped = new Uri(hook.Str("url")!);
            hook.Children[new YamlScalarNode("url")] = new YamlScalarNode(new Uri(receiver, shipped.PathAndQuery).ToString());
        }

        var routes = new List<YamlMappingNode> { (YamlMappingNode)root.Req("route") };
        routes.AddRange(root.Req("route").Seq("routes").Cast<YamlMappingNode>());
        foreach (var route in routes)
        {
            foreach (var (key, value) in new[] { ("group_wait", "1s"), ("group_interval", "1s") })
            {
                if (route == routes[0] || route.Get(key) is not null)
                {
                    route.Children[new YamlScalarNode(key)] = new YamlScalarNode(value);
                }
            }
        }

        using var writer = new StringWriter();
        stream.Save(writer, assignAnchors: false);
        return writer.ToString();
    }

    private static string Tail(string? text) => text is null ? "(not started)" : text.Length <= 4000 ? text : text[^4000..];

    /// <summary>prometheus/prometheus.yml with loopback targets, one-second intervals and the generated rule files.</summary>
    private static string PrometheusConfig(IReadOnlyList<int> sidecarPorts, int alertmanagerPort, IReadOnlyList<string> ruleFiles, string? credentialsFile)
    {
        var stream = Yaml.Stream(File.ReadAllText(Repo.PrometheusYml));
        var root = (YamlMappingNode)stream.Documents.Single().RootNode;
        var global = (YamlMappingNode)root.Req("global");
        global.Children[new YamlScalarNode("scrape_interval")] = new YamlScalarNode("1s");
        global.Children[new YamlScalarNode("scrape_timeout")] = new YamlScalarNode("1s");
        global.Children[new YamlScalarNode("evaluation_interval")] = new YamlScalarNode("1s");
        root.Children[new YamlScalarNode("rule_files")] = new YamlSequenceNode(ruleFiles.Select(f => (YamlNode)new YamlScalarNode(f)));
        var alertmanagers = (YamlMappingNode)root.Req("alerting").Seq("alertmanagers").Single().Seq("static_configs").Single();
        alertmanagers.Children[new YamlScalarNode("targets")] = new YamlSequenceNode(new YamlScalarNode($"127.0.0.1:{alertmanagerPort}"));
        var scrapes = (YamlSequenceNode)root.Req("scrape_configs");
        var sidecarJob = (YamlMappingNode)scrapes.Children.Single(j => j.Str("job_name") == "agentobs-sidecar");
        var targets = (YamlMappingNode)sidecarJob.Seq("static_configs").Single();
        targets.Children[new YamlScalarNode("targets")] = new YamlSequenceNode(sidecarPorts.Select(p => (YamlNode)new YamlScalarNode($"127.0.0.1:{p}")));
        if (credentialsFile is not null)
        {
            // The shipped file's commented "authorization" block, filled in.
            sidecarJob.Children[new YamlScalarNode("authorization")] = new YamlMappingNode(
                new YamlScalarNode("type"), new YamlScalarNode("Bearer"),
                new YamlScalarNode("credentials_file"), new YamlScalarNode(credentialsFile));
        }

        root.Children[new YamlScalarNode("scrape_configs")] = new YamlSequenceNode(sidecarJob);
        using var writer = new StringWriter();
        stream.Save(writer, assignAnchors: false);
        return writer.ToString();
    }

    private async Task WaitReadyAsync(HttpClient http, ChildProcess process, string name)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(process.HasExited, $"{name} exited with {(process.HasExited ? process.ExitCode : 0)}:\n{process.Output}");
            try
            {
                using var response = await http.GetAsync(new Uri("-/ready", UriKind.Relative));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(200);
        }

        Assert.Fail($"{name} was not ready within 30 s:\n{process.Output}\n{Diagnostics()}");
    }
}
