using System.Net;
using Observability.Sidecar.Tests.Support;

namespace Observability.Sidecar.Tests.SourceWebhooks;

/// <summary>A sidecar with no GitHub or GitLab secret refuses every delivery: nothing unverified reaches the log.</summary>
public sealed class SourceWebhookDefaultsTests : IClassFixture<SidecarFixture>
{
    private readonly SidecarFixture _fixture;

    public SourceWebhookDefaultsTests(SidecarFixture fixture) => _fixture = fixture;

    [Theory]
    [InlineData("api/v1/webhooks/github", "X-GitHub-Event", "deployment_status", "GitHub:WebhookSecret")]
    [InlineData("api/v1/webhooks/gitlab", "X-Gitlab-Event", "Deployment Hook", "GitLab:WebhookToken")]
    public async Task Delivery_NoSecretConfigured_Answers401NamingTheSettingAndStoresNothing(string path, string header, string eventName, string setting)
    {
        var sidecar = _fixture.Sidecar;
        var before = EventLogFiles.Read(sidecar.Start.DataDirectory).Records.Count;
        var body = await File.ReadAllBytesAsync(Path.Combine(SourceWebhookFixture.GitHubCorpus, "deployment_status", "payload.json"));
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative)) { Content = new ByteArrayContent(body) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        request.Headers.TryAddWithoutValidation(header, eventName);
        request.Headers.TryAddWithoutValidation("X-GitHub-Delivery", Guid.NewGuid().ToString());

        var response = await sidecar.SendAsync(request);

        Assert.True(response.Status == HttpStatusCode.Unauthorized, response.ToString());
        Assert.Contains(setting, response.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, EventLogFiles.Read(sidecar.Start.DataDirectory).Records.Count);
    }

    [Fact]
    public async Task SecretFile_AMountedSecret_VerifiesDeliveriesAndTheInlineSecretIsRefused()
    {
        using var directory = new TempDirectory("secret-file");
        var file = directory.Combine("github-secret");
        await File.WriteAllTextAsync(file, "mounted secret\n");
        await using var sidecar = await SidecarProcess.StartAsync(
            new SidecarStart(directory.Combine("data")) { Arguments = ["--GitHub:WebhookSecretFile", file] });
        var body = await File.ReadAllBytesAsync(Path.Combine(SourceWebhookFixture.GitHubCorpus, "deployment_status", "payload.json"));

        async Task<SidecarResponse> Send(string secret)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, new Uri("api/v1/webhooks/github", UriKind.Relative)) { Content = new ByteArrayContent(body) };
            request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
            request.Headers.TryAddWithoutValidation("X-GitHub-Event", "deployment_status");
            request.Headers.TryAddWithoutValidation("X-GitHub-Delivery", Guid.NewGuid().ToString());
            request.Headers.TryAddWithoutValidation("X-Hub-Signature-256", SourceWebhookFixture.Sign(secret, body));
            return await sidecar.SendAsync(request);
        }

        var withNewline = await Send("mounted secret\n");
        var right = await Send("mounted secret");

        Assert.True(withNewline.Status == HttpStatusCode.Unauthorized, withNewline.ToString());
        Assert.True(right.Status == HttpStatusCode.OK, right.ToString());
        Assert.Equal("accepted", right.Json.GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("--GitHub:WebhookSecretFile", "/nonexistent/secret", "GitHub:WebhookSecretFile")]
    [InlineData("--GitLab:SigningToken", "not-a-whsec-token", "GitLab:SigningToken")]
    [InlineData("--GitLab:SignatureToleranceSeconds", "0", "GitLab:SignatureToleranceSeconds")]
    public async Task Start_BadSetting_StopsNamingIt(string argument, string value, string setting)
    {
        using var directory = new TempDirectory("bad-setting");
        var (exitCode, output) = await SidecarProcess.RunToExitAsync(
            new SidecarStart(directory.Combine("data")) { Arguments = [argument, value] }, TimeSpan.FromSeconds(30));

        Assert.NotEqual(0, exitCode);
        Assert.Contains(setting, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AllowUnsigned_NoSecret_AcceptsUnsignedDeliveriesAndSaysSoAtStart()
    {
        using var directory = new TempDirectory("unsigned");
        await using var sidecar = await SidecarProcess.StartAsync(
            new SidecarStart(directory.Combine("data")) { Arguments = ["--GitHub:AllowUnsigned", "true"] });
        var body = await File.ReadAllBytesAsync(Path.Combine(SourceWebhookFixture.GitHubCorpus, "deployment_status", "payload.json"));
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri("api/v1/webhooks/github", UriKind.Relative)) { Content = new ByteArrayContent(body) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        request.Headers.TryAddWithoutValidation("X-GitHub-Event", "deployment_status");
        request.Headers.TryAddWithoutValidation("X-GitHub-Delivery", Guid.NewGuid().ToString());

        var response = await sidecar.SendAsync(request);

        Assert.True(response.Status == HttpStatusCode.OK, response.ToString());
        Assert.Equal("accepted", response.Json.GetProperty("status").GetString());
        await sidecar.AssertOutputContainsAsync("GitHub:AllowUnsigned is set");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ReviewRounds_AcrossARestart_StillCountTowardTheMergesAttempts(bool snapshot)
    {
        using var directory = new TempDirectory("rounds-restart");
        var start = new SidecarStart(directory.Combine("data"))
        {
            Arguments = ["--GitHub:WebhookSecret", SourceWebhookFixture.GitHubSecret, "--Sidecar:Snapshot", snapshot ? "true" : "false"],
        };
        var review = await File.ReadAllBytesAsync(SourceWebhookFixture.TestData("github", "pull_request_review.changes_requested.json"));
        var merge = await File.ReadAllBytesAsync(SourceWebhookFixture.TestData("github", "pull_request.merged.json"));

        await using (var first = await SidecarProcess.StartAsync(start))
        {
            Assert.Equal(HttpStatusCode.OK, (await Send(first, "pull_request_review", review)).Status);
            Assert.Equal(0, await first.StopAsync());
        }

        await using var second = await SidecarProcess.StartAsync(start);
        var merged = await Send(second, "pull_request", merge);

        Assert.True(merged.Status == HttpStatusCode.OK, merged.ToString());
        var stored = EventLogFiles.Read(start.DataDirectory).Records.Select(r => System.Text.Json.JsonDocument.Parse(r.Json).RootElement.Clone())
            .Single(e => e.GetProperty("eventType").GetString() == "workitem:merged");
        Assert.Equal(2, stored.GetProperty("metadata").GetProperty("attempts").GetInt32());
    }

    private static Task<SidecarResponse> Send(SidecarProcess sidecar, string eventName, byte[] body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri("api/v1/webhooks/github", UriKind.Relative)) { Content = new ByteArrayContent(body) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        request.Headers.TryAddWithoutValidation("X-GitHub-Event", eventName);
        request.Headers.TryAddWithoutValidation("X-GitHub-Delivery", Guid.NewGuid().ToString());
        request.Headers.TryAddWithoutValidation("X-Hub-Signature-256", SourceWebhookFixture.Sign(SourceWebhookFixture.GitHubSecret, body));
        return sidecar.SendAsync(request);
    }
}
