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
}
