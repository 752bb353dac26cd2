using System.Net;
using System.Text;
using Observability.Sidecar.Tests.Support;

namespace Observability.Sidecar.Tests.SourceWebhooks;

/// <summary>
/// <c>POST /api/v1/webhooks/github</c> over real HTTP to a real sidecar: GitHub's published payload examples (octokit/webhooks,
/// every file), signatures, delivery ids, merges with their review rounds, bounded self-metrics.
/// </summary>
public sealed class GitHubWebhookEndpointTests(SourceWebhookFixture fixture) : IClassFixture<SourceWebhookFixture>
{
    private const string Repo = "Codertocat/Hello-World";
    private const string Runs = "octo-org/octo-repo/actions/runs/289782451";

    /// <summary>The events each mapped example must store, written by hand from the payloads; every other example stores none.</summary>
    private static readonly Dictionary<string, ExpectedEvent[]> Mapped = new(StringComparer.Ordinal)
    {
        ["pull_request_review/submitted.payload.json"] =
            [new("review:completed", $"{Repo}#2", "2019-05-15T15:20:38Z", """{"state":"commented","project":"Codertocat/Hello-World"}""")],
        ["pull_request_review/submitted.with-organization.payload.json"] =
            [new("review:completed", $"{Repo}#2", "2019-05-15T15:20:38Z", """{"state":"commented","project":"Codertocat/Hello-World"}""")],
        ["workflow_run/completed.payload.json"] =
            [new("pipeline:completed", Runs, "2020-10-05T16:33:49Z", """{"stage":"workflow","success":true,"durationSeconds":0,"conclusion":"success","attempt":1,"project":"octo-org/octo-repo","branch":"master"}""")],
        ["workflow_run/completed.with-pull-requests.payload.json"] =
            [new("pipeline:completed", Runs, "2020-10-05T16:33:49Z", """{"stage":"workflow","success":true,"durationSeconds":0,"conclusion":"success","project":"octo-org/octo-repo"}""")],
        ["workflow_job/completed.success.with-organization.payload.json"] =
            [new("pipeline:completed", $"{Repo}/actions/runs/2202229078", "2021-08-05T10:38:16Z", """{"stage":"linters","success":true,"durationSeconds":198,"workflow":"CodeQL","project":"Codertocat/Hello-World","branch":"main"}""")],
        ["workflow_job/completed.failure.with-organization.payload.json"] =
            [new("pipeline:completed", $"{Repo}/actions/runs/2202229078", "2021-08-05T10:38:16Z", """{"stage":"linters","success":false,"failureType":"failure","durationSeconds":198,"conclusion":"failure"}""")],
        ["deployment_status/payload.json"] =
            [new("deployment:completed", $"{Repo}/deployments/145988746", "2019-05-15T15:20:55Z", """{"environment":"production","success":true,"durationSeconds":2,"state":"success"}""")],
        ["deployment_status/with-installation.payload.json"] =
            [new("deployment:completed", $"{Repo}/deployments/145988746", "2019-05-15T15:20:55Z", """{"environment":"production","success":true,"durationSeconds":2}""")],
    };

    public static TheoryData<string> CorpusFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(SourceWebhookFixture.GitHubCorpus, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(SourceWebhookFixture.GitHubCorpus, file).Replace('\\', '/'));
        }

        return data;
    }

    [Fact]
    public void Corpus_AllFiles_AreTheFiftyThreePublishedExamples()
    {
        // The theory below enumerates the folder; this pins it so a lost copy cannot pass by running nothing.
        Assert.Equal(53, CorpusFiles().Count);
        Assert.All(Mapped.Keys, key => Assert.True(File.Exists(Path.Combine(SourceWebhookFixture.GitHubCorpus, key)), key));
    }

    [Theory]
    [MemberData(nameof(CorpusFiles))]
    public async Task Corpus_EveryExample_Answers200AndMappedOnesStoreTheirEvents(string file)
    {
        var eventName = file[..file.IndexOf('/', StringComparison.Ordinal)];
        var body = await File.ReadAllBytesAsync(Path.Combine(SourceWebhookFixture.GitHubCorpus, file));
        var delivery = Guid.NewGuid().ToString();

        var (response, stored) = await fixture.StoredByAsync(() => fixture.GitHubAsync(eventName, body, delivery));

        Assert.True(response.Status == HttpStatusCode.OK, $"{file}: {response}");
        var expected = Mapped.GetValueOrDefault(file) ?? [];
        Assert.Equal(expected.Length == 0 ? "ignored" : "accepted", response.Json.GetProperty("status").GetString());
        Assert.Equal(expected.Length, response.Json.GetProperty("events").GetInt32());
        Assert.Equal(delivery, response.Json.GetProperty("delivery").GetString());
        Assert.True(expected.Length == stored.Count, $"{file}: stored {stored.Count} events: {string.Join("; ", stored)}");
        for (var i = 0; i < expected.Length; i++)
        {
            expected[i].AssertMatches(stored[i], "github", file);
        }
    }

    [Fact]
    public async Task Delivery_SameDeliveryIdTwice_SecondIsDuplicateAndStoresNothing()
    {
        var body = await Corpus("workflow_run/completed.payload.json");
        var delivery = Guid.NewGuid().ToString();
        var (first, stored) = await fixture.StoredByAsync(() => fixture.GitHubAsync("workflow_run", body, delivery));
        var (second, again) = await fixture.StoredByAsync(() => fixture.GitHubAsync("workflow_run", body, delivery));

        Assert.Equal("accepted", first.Json.GetProperty("status").GetString());
        Assert.Single(stored);
        Assert.Equal(HttpStatusCode.OK, second.Status);
        Assert.Equal("duplicate", second.Json.GetProperty("status").GetString());
        Assert.Empty(again);
    }

    [Theory]
    [InlineData("wrong secret")]
    [InlineData("no signature")]
    [InlineData("body changed after signing")]
    [InlineData("sha1 signature")]
    public async Task Signature_NotTheBodysUnderTheSecret_Answers401AndStoresNothing(string how)
    {
        var body = await Corpus("deployment_status/payload.json");
        var before = (await fixture.Sidecar.ScrapeAsync()).ValueOrZero(
            "agentobs_source_webhook_deliveries_total", "source", "github", "event", "deployment_status", "outcome", "unauthorized");
        var (response, stored) = await fixture.StoredByAsync(() =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, new Uri("api/v1/webhooks/github", UriKind.Relative));
            var sent = how == "body changed after signing" ? body.Append((byte)' ').ToArray() : body;
            request.Content = new ByteArrayContent(sent);
            request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
            request.Headers.TryAddWithoutValidation("X-GitHub-Event", "deployment_status");
            request.Headers.TryAddWithoutValidation("X-GitHub-Delivery", Guid.NewGuid().ToString());
            switch (how)
            {
                case "wrong secret":
                    request.Headers.TryAddWithoutValidation("X-Hub-Signature-256", SourceWebhookFixture.Sign("another secret", body));
                    break;
                case "body changed after signing":
                    request.Headers.TryAddWithoutValidation("X-Hub-Signature-256", SourceWebhookFixture.Sign(SourceWebhookFixture.GitHubSecret, body));
                    break;
                case "sha1 signature":
                    // GitHub's legacy header; the sidecar must not fall back to it.
#pragma warning disable CA5350
                    request.Headers.TryAddWithoutValidation(
                        "X-Hub-Signature", "sha1=" + Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA1.HashData(Encoding.UTF8.GetBytes(SourceWebhookFixture.GitHubSecret), body)));
#pragma warning restore CA5350
                    break;
            }

            return fixture.Sidecar.SendAsync(request);
        });

        Assert.True(response.Status == HttpStatusCode.Unauthorized, response.ToString());
        Assert.Equal("application/problem+json", response.ContentType);
        Assert.Equal("X-Hub-Signature-256", response.Json.GetProperty("field").GetString());
        Assert.Empty(stored);
        var after = (await fixture.Sidecar.ScrapeAsync()).ValueOrZero(
            "agentobs_source_webhook_deliveries_total", "source", "github", "event", "deployment_status", "outcome", "unauthorized");
        Assert.Equal(before + 1, after);
    }

    [Fact]
    public async Task Merge_AfterAChangeRequestAndAnApproval_TakesTwoAttemptsAndTheReviewsAreVerdicts()
    {
        var (changes, changeEvents) = await fixture.StoredByAsync(async () =>
            await fixture.GitHubAsync("pull_request_review", await Fixture("pull_request_review.changes_requested.json"), Guid.NewGuid().ToString()));
        var (approval, approvalEvents) = await fixture.StoredByAsync(async () =>
            await fixture.GitHubAsync("pull_request_review", await Fixture("pull_request_review.approved.json"), Guid.NewGuid().ToString()));
        var (merge, mergeEvents) = await fixture.StoredByAsync(async () =>
            await fixture.GitHubAsync("pull_request", await Fixture("pull_request.merged.json"), Guid.NewGuid().ToString()));

        Assert.True(changes.Status == HttpStatusCode.OK, changes.ToString());
        Assert.Equal(2, changeEvents.Count);
        new ExpectedEvent("review:completed", $"{Repo}#7", "2019-05-15T15:10:00Z", """{"state":"changes_requested"}""").AssertMatches(changeEvents[0], "github", "changes requested");
        new ExpectedEvent("workitem:reviewed", $"{Repo}#7", "2019-05-15T15:10:00Z", """{"verdict":"changes_requested","project":"Codertocat/Hello-World"}""").AssertMatches(changeEvents[1], "github", "changes requested");
        Assert.Equal(2, approvalEvents.Count);
        new ExpectedEvent("workitem:reviewed", $"{Repo}#7", "2019-05-15T15:18:00Z", """{"verdict":"approved"}""").AssertMatches(approvalEvents[1], "github", "approval");
        Assert.True(merge.Status == HttpStatusCode.OK, merge.ToString());
        var merged = Assert.Single(mergeEvents);
        new ExpectedEvent("workitem:merged", $"{Repo}#7", "2019-05-15T15:20:33Z", """{"attempts":2,"project":"Codertocat/Hello-World","branch":"master"}""").AssertMatches(merged, "github", "merge");
        Assert.False(merged.GetProperty("metadata").TryGetProperty("finalVerdict", out _), "the windows take the last review's verdict");
    }

    [Fact]
    public async Task Merge_WithoutReviews_IsAFirstPassMerge()
    {
        var text = Encoding.UTF8.GetString(await Fixture("pull_request.merged.json")).Replace("\"number\": 7", "\"number\": 8", StringComparison.Ordinal);
        var (response, stored) = await fixture.StoredByAsync(() => fixture.GitHubAsync("pull_request", Encoding.UTF8.GetBytes(text), Guid.NewGuid().ToString()));

        Assert.True(response.Status == HttpStatusCode.OK, response.ToString());
        new ExpectedEvent("workitem:merged", $"{Repo}#8", "2019-05-15T15:20:33Z", """{"attempts":1}""").AssertMatches(Assert.Single(stored), "github", "merge");
    }

    [Fact]
    public async Task FormEncoded_SignedOverTheRawBody_IsAccepted()
    {
        var json = Encoding.UTF8.GetString(await Corpus("deployment_status/payload.json"));
        var body = Encoding.UTF8.GetBytes("payload=" + Uri.EscapeDataString(json));
        var (response, stored) = await fixture.StoredByAsync(() =>
            fixture.GitHubAsync("deployment_status", body, Guid.NewGuid().ToString(), contentType: "application/x-www-form-urlencoded"));

        Assert.True(response.Status == HttpStatusCode.OK, response.ToString());
        Assert.Equal("deployment:completed", Assert.Single(stored).GetProperty("eventType").GetString());
    }

    [Fact]
    public async Task Ping_AndUnknownEvents_Answer200AndAreCountedAsIgnoredUnderBoundedLabels()
    {
        var before = await fixture.Sidecar.ScrapeAsync();
        var ping = await fixture.GitHubAsync("ping", """{"zen":"Design for failure.","hook_id":1}"""u8.ToArray(), Guid.NewGuid().ToString());
        var odd = await fixture.GitHubAsync("a_made_up_event_" + Guid.NewGuid().ToString("N"), "{}"u8.ToArray(), Guid.NewGuid().ToString());

        Assert.True(ping.Status == HttpStatusCode.OK, ping.ToString());
        Assert.Equal("ignored", ping.Json.GetProperty("status").GetString());
        Assert.True(odd.Status == HttpStatusCode.OK, odd.ToString());
        var after = await fixture.Sidecar.ScrapeAsync();
        const string Family = "agentobs_source_webhook_deliveries_total";
        Assert.Equal(before.ValueOrZero(Family, "source", "github", "event", "ping", "outcome", "ignored") + 1, after.ValueOrZero(Family, "source", "github", "event", "ping", "outcome", "ignored"));
        Assert.Equal(before.ValueOrZero(Family, "source", "github", "event", "other", "outcome", "ignored") + 1, after.ValueOrZero(Family, "source", "github", "event", "other", "outcome", "ignored"));
        Assert.DoesNotContain("a_made_up_event", after.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Payload_NotJsonButSigned_Answers400NamingTheBody()
    {
        var (response, stored) = await fixture.StoredByAsync(() => fixture.GitHubAsync("pull_request", "{not json"u8.ToArray(), Guid.NewGuid().ToString()));

        Assert.True(response.Status == HttpStatusCode.BadRequest, response.ToString());
        Assert.Equal("body", response.Json.GetProperty("field").GetString());
        Assert.Empty(stored);
    }

    private static Task<byte[]> Corpus(string file) => File.ReadAllBytesAsync(Path.Combine(SourceWebhookFixture.GitHubCorpus, file));

    private static Task<byte[]> Fixture(string file) => File.ReadAllBytesAsync(SourceWebhookFixture.TestData("github", file));
}
