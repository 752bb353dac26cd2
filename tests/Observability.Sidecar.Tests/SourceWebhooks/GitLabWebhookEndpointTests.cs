using System.Net;
using System.Text;

namespace Observability.Sidecar.Tests.SourceWebhooks;

/// <summary>
/// <c>POST /api/v1/webhooks/gitlab</c> over real HTTP to a real sidecar, with payloads written from GitLab's webhook
/// events documentation (Merge Request, Pipeline, Job, Deployment and Push hooks) and both of GitLab's proofs.
/// </summary>
public sealed class GitLabWebhookEndpointTests(SourceWebhookFixture fixture) : IClassFixture<SourceWebhookFixture>
{
    private const string Pipelines = "gitlab-org/gitlab-test/pipelines/";

    public static TheoryData<string, string, ExpectedEvent[]> Deliveries() => new()
    {
        { "pipeline.success.json", "Pipeline Hook", [new("pipeline:completed", Pipelines + "31", "2016-08-12T15:26:29Z", """{"stage":"pipeline","success":true,"durationSeconds":63,"queuedSeconds":12,"project":"gitlab-org/gitlab-test","branch":"master"}""")] },
        { "pipeline.failed.json", "Pipeline Hook", [new("pipeline:completed", Pipelines + "32", "2016-08-12T15:26:29Z", """{"stage":"pipeline","success":false,"failureType":"failure","durationSeconds":41}""")] },
        { "pipeline.running.json", "Pipeline Hook", [] },
        { "job.failed.json", "Job Hook", [new("pipeline:completed", Pipelines + "2366", "2021-02-23T02:42:19.612Z", """{"stage":"test","success":false,"failureType":"script_failure","durationSeconds":40.5,"job":"test","allowFailure":false,"branch":"gitlab-script-trigger"}""")] },
        { "job.success.json", "Job Hook", [new("pipeline:completed", Pipelines + "2366", "2021-02-23T02:41:51.362Z", """{"stage":"test","success":true,"durationSeconds":12.25,"job":"rspec"}""")] },
        { "deployment.success.json", "Deployment Hook", [new("deployment:completed", "root/test-deployment-webhooks/deployments/15", "2021-04-28T19:50:00Z", """{"environment":"staging","success":true,"status":"success","project":"root/test-deployment-webhooks"}""")] },
        { "deployment.running.json", "Deployment Hook", [] },
        { "merge_request.open.json", "Merge Request Hook", [] },
        { "push.json", "Push Hook", [] },
    };

    [Theory]
    [MemberData(nameof(Deliveries))]
    public async Task Delivery_FromGitLabsDocs_Answers200AndStoresItsEvents(string file, string eventName, ExpectedEvent[] expected)
    {
        var key = Guid.NewGuid().ToString();
        var (response, stored) = await fixture.StoredByAsync(async () => await fixture.GitLabAsync(eventName, await Payload(file), key));

        Assert.True(response.Status == HttpStatusCode.OK, $"{file}: {response}");
        Assert.Equal(expected.Length == 0 ? "ignored" : "accepted", response.Json.GetProperty("status").GetString());
        Assert.Equal(key, response.Json.GetProperty("delivery").GetString());
        Assert.True(expected.Length == stored.Count, $"{file}: stored {string.Join("; ", stored)}");
        for (var i = 0; i < expected.Length; i++)
        {
            expected[i].AssertMatches(stored[i], "gitlab", file);
        }
    }

    [Fact]
    public async Task MergeRequest_ApprovedThenMerged_IsAVerdictAndAFirstPassMerge()
    {
        var (approval, approved) = await fixture.StoredByAsync(async () =>
            await fixture.GitLabAsync("Merge Request Hook", await Payload("merge_request.approved.json"), Guid.NewGuid().ToString()));
        var (merge, merged) = await fixture.StoredByAsync(async () =>
            await fixture.GitLabAsync("Merge Request Hook", await Payload("merge_request.merge.json"), Guid.NewGuid().ToString()));

        Assert.True(approval.Status == HttpStatusCode.OK, approval.ToString());
        new ExpectedEvent("workitem:reviewed", "gitlabhq/gitlab-test!1", "2013-12-03T17:40:00Z", """{"verdict":"approved","project":"gitlabhq/gitlab-test"}""")
            .AssertMatches(Assert.Single(approved), "gitlab", "approval");
        Assert.True(merge.Status == HttpStatusCode.OK, merge.ToString());
        new ExpectedEvent("workitem:merged", "gitlabhq/gitlab-test!1", "2013-12-03T17:45:12Z", """{"attempts":1,"project":"gitlabhq/gitlab-test","branch":"master"}""")
            .AssertMatches(Assert.Single(merged), "gitlab", "merge");
    }

    [Fact]
    public async Task Delivery_SameIdempotencyKeyTwice_SecondIsDuplicate()
    {
        var body = await Payload("deployment.success.json");
        var key = Guid.NewGuid().ToString();
        var (first, stored) = await fixture.StoredByAsync(() => fixture.GitLabAsync("Deployment Hook", body, key));
        var (second, again) = await fixture.StoredByAsync(() => fixture.GitLabAsync("Deployment Hook", body, key));

        Assert.Equal("accepted", first.Json.GetProperty("status").GetString());
        Assert.Single(stored);
        Assert.Equal(HttpStatusCode.OK, second.Status);
        Assert.Equal("duplicate", second.Json.GetProperty("status").GetString());
        Assert.Empty(again);
    }

    [Theory]
    [InlineData("wrong token", "X-Gitlab-Token")]
    [InlineData("no token", "X-Gitlab-Token")]
    [InlineData("wrong signing key", "webhook-signature")]
    [InlineData("no signature", "webhook-signature")]
    [InlineData("signed an hour ago", "webhook-signature")]
    public async Task Proof_MissingOrWrong_Answers401AndStoresNothing(string how, string field)
    {
        var body = await Payload("pipeline.success.json");
        var key = Guid.NewGuid().ToString();
        var (response, stored) = await fixture.StoredByAsync(() => how switch
        {
            "wrong token" => fixture.GitLabAsync("Pipeline Hook", body, key, token: "gitlab-secret-tokem"),
            "no token" => fixture.GitLabAsync("Pipeline Hook", body, key, token: null),
            "wrong signing key" => fixture.GitLabAsync("Pipeline Hook", body, key, signingKey: new byte[32]),
            "no signature" => fixture.GitLabAsync("Pipeline Hook", body, key, sign: false),
            _ => fixture.GitLabAsync("Pipeline Hook", body, key, timestamp: DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeSeconds()),
        });

        Assert.True(response.Status == HttpStatusCode.Unauthorized, response.ToString());
        Assert.Equal(field, response.Json.GetProperty("field").GetString());
        Assert.Empty(stored);
    }

    [Fact]
    public async Task Delivery_WithoutIdempotencyKeyOrEventUuid_IsIdentifiedByItsBody()
    {
        var body = Encoding.UTF8.GetString(await Payload("pipeline.success.json")).Replace("\"id\": 31", "\"id\": 3131", StringComparison.Ordinal);
        async Task<Support.SidecarResponse> Send()
        {
            var request = new HttpRequestMessage(HttpMethod.Post, new Uri("api/v1/webhooks/gitlab", UriKind.Relative)) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)) };
            request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
            request.Headers.TryAddWithoutValidation("X-Gitlab-Event", "Pipeline Hook");
            request.Headers.TryAddWithoutValidation("X-Gitlab-Token", SourceWebhookFixture.GitLabToken);
            var at = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            request.Headers.TryAddWithoutValidation("webhook-id", "msg-1");
            request.Headers.TryAddWithoutValidation("webhook-timestamp", at.ToString(System.Globalization.CultureInfo.InvariantCulture));
            request.Headers.TryAddWithoutValidation("webhook-signature", Observability.Sidecar.Webhooks.WebhookSignature.Sign(SourceWebhookFixture.GitLabSigningKey, "msg-1", at, Encoding.UTF8.GetBytes(body)));
            return await fixture.Sidecar.SendAsync(request);
        }

        var (first, stored) = await fixture.StoredByAsync(Send);
        var (second, again) = await fixture.StoredByAsync(Send);

        Assert.Equal("accepted", first.Json.GetProperty("status").GetString());
        Assert.StartsWith("sha256:", first.Json.GetProperty("delivery").GetString(), StringComparison.Ordinal);
        Assert.Equal(Pipelines + "3131", Assert.Single(stored).GetProperty("entityId").GetString());
        Assert.Equal("duplicate", second.Json.GetProperty("status").GetString());
        Assert.Empty(again);
    }

    private static Task<byte[]> Payload(string file) => File.ReadAllBytesAsync(SourceWebhookFixture.TestData("gitlab", file));
}
