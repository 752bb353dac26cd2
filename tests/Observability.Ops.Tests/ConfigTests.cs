using Observability.Ops.Tests.Support;
using Observability.Sidecar.Tests.Support;

namespace Observability.Ops.Tests;

/// <summary>prometheus.yml, alertmanager.yml, docker-compose.yml and the Dockerfile, checked by the real tools.</summary>
public sealed class ConfigTests
{
    [Fact]
    public async Task PromtoolCheckConfig_PrometheusYml_PassesWithItsRuleFile()
    {
        // Laid out as docker-compose mounts them: alerts.yml beside prometheus.yml.
        using var directory = new TempDirectory("promcheck");
        File.Copy(Repo.PrometheusYml, directory.Combine("prometheus.yml"));
        File.Copy(Repo.AlertsYml, directory.Combine("alerts.yml"));
        var output = await Tool.RunSuccessfullyAsync(Tool.Find("promtool", "prometheus"), ["check", "config", directory.Combine("prometheus.yml")]);
        Assert.Contains("1 rule files found", output, StringComparison.Ordinal);
    }

    [Fact]
    public void PrometheusYml_ScrapesTheSidecarAndSendsToAlertmanager()
    {
        var config = Yaml.Load(Repo.PrometheusYml);
        Assert.Contains("alerts.yml", config.Seq("rule_files").Select(n => n.ToString()));
        var job = Assert.Single(config.Seq("scrape_configs"), j => j.Str("job_name") == "agentobs-sidecar");
        Assert.Equal("sidecar:9464", job.Seq("static_configs").Single().Seq("targets").Single().ToString());
        var alertmanager = config.Req("alerting").Seq("alertmanagers").Single().Seq("static_configs").Single().Seq("targets").Single().ToString();
        Assert.Equal("alertmanager:9093", alertmanager);
    }

    [Fact]
    public async Task AmtoolCheckConfig_AlertmanagerYml_Passes()
    {
        var output = await Tool.RunSuccessfullyAsync(Tool.Find("amtool", "prometheus-alertmanager"), ["check-config", Repo.AlertmanagerYml]);
        Assert.Contains("SUCCESS", output, StringComparison.Ordinal);
    }

    [Fact]
    public void AlertmanagerYml_RoutesEverySeverityToAWebhook()
    {
        var config = Yaml.Load(Repo.AlertmanagerYml);
        var receivers = config.Seq("receivers").ToDictionary(r => r.Str("name")!, r => r, StringComparer.Ordinal);
        Assert.All(receivers.Values, r => Assert.NotEmpty(r.Seq("webhook_configs")));
        var routes = config.Req("route").Seq("routes").ToList();
        foreach (var severity in new[] { "critical", "warning", "info" })
        {
            var route = Assert.Single(routes, r => r.Seq("matchers").Any(m => m.ToString() == $"severity=\"{severity}\""));
            Assert.Contains(route.Str("receiver")!, receivers.Keys);
        }
    }

    [Fact]
    public void AlertmanagerYml_EveryWebhookUrl_ReachesAComposeService()
    {
        var services = ((YamlDotNet.RepresentationModel.YamlMappingNode)Yaml.Load(Repo.Path("docker-compose.yml")).Req("services"))
            .Children.Keys.Select(k => k.ToString()).ToHashSet(StringComparer.Ordinal);
        var urls = Yaml.Load(Repo.AlertmanagerYml).Seq("receivers").SelectMany(r => r.Seq("webhook_configs")).Select(w => new Uri(w.Str("url")!)).ToList();
        Assert.NotEmpty(urls);
        Assert.All(urls, url => Assert.True(services.Contains(url.Host), $"{url}: no compose service {url.Host}"));
    }

    [Fact]
    public async Task LoopbackAlertmanagerConfig_EveryReceiverOnLoopbackWithItsPath_AndAmtoolAcceptsIt()
    {
        // The scenario's Alertmanager: the shipped routes and receivers, delivering to a listener on 127.0.0.1 only.
        using var directory = new TempDirectory("amloop");
        var shipped = Yaml.Load(Repo.AlertmanagerYml).Seq("receivers").SelectMany(r => r.Seq("webhook_configs")).Select(w => new Uri(w.Str("url")!)).ToList();
        var text = OpsStack.LoopbackAlertmanagerConfig(await File.ReadAllTextAsync(Repo.AlertmanagerYml), new Uri("http://127.0.0.1:45678/"));
        var path = directory.Combine("alertmanager.yml");
        await File.WriteAllTextAsync(path, text);

        var config = Yaml.Load(path);
        var urls = config.Seq("receivers").SelectMany(r => r.Seq("webhook_configs")).Select(w => new Uri(w.Str("url")!)).ToList();
        Assert.Equal(shipped.Select(u => u.AbsolutePath), urls.Select(u => u.AbsolutePath));
        Assert.All(urls, u => Assert.Equal("127.0.0.1:45678", u.Authority));
        Assert.DoesNotContain("alert-webhook", text, StringComparison.Ordinal);
        Assert.Equal("1s", config.Req("route").Str("group_wait"));
        Assert.All(config.Req("route").Seq("routes"), r => Assert.True(r.Str("group_wait") is null or "1s", $"route {r.Str("receiver")} waits {r.Str("group_wait")}"));
        var output = await Tool.RunSuccessfullyAsync(Tool.Find("amtool", "prometheus-alertmanager"), ["check-config", path]);
        Assert.Contains("SUCCESS", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AlertWebhookScript_AnswersHealthAndLogsANotification()
    {
        // Port 0: the script binds a free port itself and says which, so no other process can take it between a
        // probe for a free port and the script's bind (a shared port once answered the POST and dropped it).
        using var receiver = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("python3", ["-u", Repo.Path("prometheus", "alert-webhook.py"), "0", "127.0.0.1"])
        {
            RedirectStandardOutput = true,
        })!;
        try
        {
            var listening = await receiver.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.StartsWith("listening on 127.0.0.1:", listening, StringComparison.Ordinal);
            var port = int.Parse(listening!["listening on 127.0.0.1:".Length..], System.Globalization.CultureInfo.InvariantCulture);

            // The script speaks HTTP/1.0 and closes every connection: a fresh one per request, never a reused one.
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            http.DefaultRequestHeaders.ConnectionClose = true;
            using var health = await http.GetAsync(new Uri("/health", UriKind.Relative));
            Assert.Equal(System.Net.HttpStatusCode.OK, health.StatusCode);
            // Once more on a connection closed unanswered (seen once in a full suite on a loaded machine, not reproduced in
            // 300 POSTs by curl). The line read below is the first the script logs, the same whichever POST logged it.
            const string Notification = """{"status":"firing","alerts":[{"status":"firing","labels":{"alertname":"AgentObsRollbacks"}}]}""";
            HttpResponseMessage posted;
            try
            {
                posted = await http.PostAsync(new Uri("/ticket", UriKind.Relative), new StringContent(Notification));
            }
            catch (HttpRequestException)
            {
                posted = await http.PostAsync(new Uri("/ticket", UriKind.Relative), new StringContent(Notification));
            }

            Assert.Equal(System.Net.HttpStatusCode.OK, posted.StatusCode);
            var line = await receiver.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Equal("/ticket firing: firing AgentObsRollbacks", line);
        }
        finally
        {
            receiver.Kill();
        }
    }

    [Fact]
    public async Task DockerComposeConfig_IsValid()
    {
        var output = await Tool.RunSuccessfullyAsync(Tool.Find("docker-compose", "docker-compose"), ["-f", Repo.Path("docker-compose.yml"), "config"], Repo.Root);
        Assert.Contains("sidecar:", output, StringComparison.Ordinal);
    }

    [Fact]
    public void DockerCompose_EveryServiceHasAHealthcheck_SidecarBuiltHereWithDataOnAVolume()
    {
        var services = Yaml.Load(Repo.Path("docker-compose.yml")).Req("services");
        var names = ((YamlDotNet.RepresentationModel.YamlMappingNode)services).Children.Keys.Select(k => k.ToString()).ToList();
        Assert.Equal(["sidecar", "prometheus", "alert-webhook", "alertmanager", "grafana"], names);
        foreach (var name in names)
        {
            var test = services.Req(name).Req("healthcheck").Seq("test").Select(n => n.ToString()).ToList();
            Assert.True(test.Count > 1 && test[0] == "CMD", $"{name}: healthcheck test is not an exec form");
        }

        var sidecar = services.Req("sidecar");
        Assert.Equal("Dockerfile", sidecar.Req("build").Str("dockerfile"));
        Assert.Contains("--healthcheck", sidecar.Req("healthcheck").Seq("test").Select(n => n.ToString()));
        Assert.Contains("sidecar-data:/data", sidecar.Seq("volumes").Select(n => n.ToString()));
        var grafanaVolumes = services.Req("grafana").Seq("volumes").Select(n => n.ToString()).ToList();
        Assert.Contains("./grafana/provisioning:/etc/grafana/provisioning:ro", grafanaVolumes);
        Assert.Contains("./grafana/dashboards:/etc/grafana/dashboards:ro", grafanaVolumes);
        Assert.Contains("./alerts.yml:/etc/prometheus/alerts.yml:ro", services.Req("prometheus").Seq("volumes").Select(n => n.ToString()));
    }

    [Fact]
    public void Dockerfile_IsMultiStage_NonRoot_WithTheDataVolumeAndABuiltInHealthcheck()
    {
        var lines = File.ReadAllLines(Repo.Path("Dockerfile")).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        Assert.Equal(2, lines.Count(l => l.StartsWith("FROM ", StringComparison.Ordinal)));
        Assert.Contains(lines, l => l.StartsWith("COPY --from=build", StringComparison.Ordinal));
        var user = lines.Last(l => l.StartsWith("USER ", StringComparison.Ordinal));
        Assert.DoesNotContain("root", user, StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith("VOLUME", StringComparison.Ordinal) && l.Contains("/data", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("--healthcheck", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("ENV Sidecar__DataDirectory=/data", StringComparison.Ordinal));
    }

    [Fact]
    public void GrafanaProvisioning_HasAFixedUidDatasourceAndAFileProvider()
    {
        var datasource = Yaml.Load(Repo.Path("grafana", "provisioning", "datasources", "prometheus.yml")).Seq("datasources").Single();
        Assert.Equal("prometheus", datasource.Str("type"));
        Assert.Equal("agentobs-prometheus", datasource.Str("uid"));
        var provider = Yaml.Load(Repo.Path("grafana", "provisioning", "dashboards", "agentobs.yml")).Seq("providers").Single();
        Assert.Equal("file", provider.Str("type"));
        Assert.Equal("/etc/grafana/dashboards", provider.Req("options").Str("path"));
    }
}
