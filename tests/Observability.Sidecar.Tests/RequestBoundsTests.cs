using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Observability.Sidecar.Tests.Support;

namespace Observability.Sidecar.Tests;

/// <summary>A sidecar whose item cap (5,000) is small enough to pass cheaply.</summary>
public sealed class ItemCapSidecarFixture : SidecarFixture
{
    public const int Cap = 5000;

    protected override IReadOnlyList<string> Arguments => ["--Sidecar:MaxItemsPerRequest", Cap.ToString(CultureInfo.InvariantCulture)];
}

/// <summary>
/// Every request to <c>POST /api/v1/events</c> is bounded: a cap on items answered 413 before any item is parsed, and
/// an answer that lists at most the first 1,000 rejected items with exact counts of every outcome.
/// </summary>
public sealed class RequestBoundsTests(ItemCapSidecarFixture fixture) : IClassFixture<ItemCapSidecarFixture>
{
    private const int MaxListed = 1000;

    private SidecarProcess Sidecar => fixture.Sidecar;

    [Theory]
    [InlineData("application/x-ndjson")]
    [InlineData("application/json")]
    public async Task Post_OneItemOverTheCap_Answers413NamingTheLimitAndStoresNothing(string contentType)
    {
        var u = TestEvents.Unique();
        var events = Enumerable.Range(0, ItemCapSidecarFixture.Cap + 1)
            .Select(i => TestEvents.Make($"cap-{u}-{i}", "chain:created", $"CHAIN-{u}", TestEvents.T0))
            .ToList();
        var body = contentType == "application/json" ? TestEvents.Array(events) : TestEvents.Ndjson(events);
        var before = await Sidecar.ScrapeAsync();

        var response = await Sidecar.PostAsync(body, contentType);

        Assert.True(response.Status == HttpStatusCode.RequestEntityTooLarge, response.ToString());
        Assert.Equal("application/problem+json", response.ContentType);
        Assert.Equal(ItemCapSidecarFixture.Cap, response.Json.GetProperty("limit_items").GetInt32());
        Assert.Contains("Sidecar:MaxItemsPerRequest", response.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var after = await Sidecar.ScrapeAsync();
        foreach (var outcome in new[] { "accepted", "duplicate", "rejected" })
        {
            Assert.Equal(
                before.ValueOrZero("agentobs_events_received_total", "outcome", outcome),
                after.ValueOrZero("agentobs_events_received_total", "outcome", outcome));
        }

        await Sidecar.AssertStillServingAsync();
    }

    [Fact]
    public async Task Post_ExactlyTheCap_IsAccepted()
    {
        var u = TestEvents.Unique();
        var body = TestEvents.Ndjson(Enumerable.Range(0, ItemCapSidecarFixture.Cap)
            .Select(i => TestEvents.Make($"atcap-{u}-{i}", "chain:created", $"CHAIN-{u}", TestEvents.T0)));

        var response = await Sidecar.PostAsync(body, "application/x-ndjson");

        Assert.True(response.Status == HttpStatusCode.OK, response.ToString());
        Assert.Equal(ItemCapSidecarFixture.Cap, response.Json.GetProperty("accepted").GetInt32());
    }

    [Fact]
    public async Task Post_ManyItemsSomeRejected_ListsTheFirstThousandRejectedWithExactCounts()
    {
        // 3,000 items: every third a valid event, the others rejected (alternately not an object and malformed).
        var u = TestEvents.Unique();
        var lines = new List<string>();
        for (var i = 0; i < 3000; i++)
        {
            lines.Add((i % 3) switch
            {
                0 => TestEvents.Make($"many-{u}-{i}", "chain:created", $"CHAIN-{u}", TestEvents.T0).ToJsonString(),
                1 => "1",
                _ => "{\"id\":",
            });
        }

        var response = await Sidecar.PostAsync(string.Join('\n', lines), "application/x-ndjson");

        Assert.True(response.Status == HttpStatusCode.OK, response.ToString());
        Assert.Equal(1000, response.Json.GetProperty("accepted").GetInt32());
        Assert.Equal(0, response.Json.GetProperty("duplicates").GetInt32());
        Assert.Equal(2000, response.Json.GetProperty("rejected").GetInt32());
        Assert.True(response.Json.GetProperty("truncated").GetBoolean());
        var items = response.Json.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(MaxListed, items.Count);
        Assert.All(items, item => Assert.Equal("rejected", item.GetProperty("status").GetString()));
        var expectedIndexes = Enumerable.Range(0, 3000).Where(i => i % 3 != 0).Take(MaxListed);
        Assert.Equal(expectedIndexes, items.Select(item => item.GetProperty("index").GetInt32()));
        Assert.Equal("an event must be a JSON object, not a number", items[0].GetProperty("reason").GetString());
        Assert.StartsWith("malformed JSON at byte 7", items[1].GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_ManyItemsAllRejected_Answers400WithCountsAndAtMostAThousandItems()
    {
        var response = await Sidecar.PostAsync(string.Concat(Enumerable.Repeat("x\n", 2500)), "application/x-ndjson");

        Assert.True(response.Status == HttpStatusCode.BadRequest, response.ToString());
        Assert.Equal("application/problem+json", response.ContentType);
        Assert.Equal(2500, response.Json.GetProperty("rejected").GetInt32());
        Assert.True(response.Json.GetProperty("truncated").GetBoolean());
        Assert.Equal(MaxListed, response.Json.GetProperty("items").GetArrayLength());
        Assert.Contains("2500", response.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_SmallBatch_ListsEveryItemInOrderAndIsNotTruncated()
    {
        var u = TestEvents.Unique();
        var valid = TestEvents.Make($"small-{u}", "chain:created", $"CHAIN-{u}", TestEvents.T0).ToJsonString();

        var response = await Sidecar.PostAsync($"{valid}\nx\n{valid}\n", "application/x-ndjson");

        Assert.True(response.Status == HttpStatusCode.OK, response.ToString());
        Assert.False(response.Json.GetProperty("truncated").GetBoolean());
        Assert.Equal(
            ["accepted", "rejected", "duplicate"],
            response.Json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task Post_TheTwoMegabyteBodyOfOneMillionLines_Answers413UnderTheDefaultCap()
    {
        using var directory = new TempDirectory("bounds");
        await using var sidecar = await SidecarProcess.StartAsync(directory.Combine("data"));
        var body = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("1\n", 1_000_000)));

        var response = await sidecar.PostAsync(body, "application/x-ndjson");

        Assert.True(response.Status == HttpStatusCode.RequestEntityTooLarge, response.ToString());
        Assert.Equal(100_000, response.Json.GetProperty("limit_items").GetInt32());
        Assert.True(response.Body.Length < 1024, $"a short answer, not {response.Body.Length} bytes");
        await sidecar.AssertStillServingAsync();
    }

    [Fact]
    public async Task Post_HostileLinesAboveTheCap_AreStillAnsweredPerItemWhenTheCapIsRaised()
    {
        // The per-item work itself is bounded too: with the cap raised, a body of 200,000 one-character lines, half of
        // them malformed, gets one answer with exact counts and 1,000 listed items.
        using var directory = new TempDirectory("bounds");
        await using var sidecar = await SidecarProcess.StartAsync(directory.Combine("data"), "--Sidecar:MaxItemsPerRequest", "1000000");
        var body = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("1\nx\n", 100_000)));

        var response = await sidecar.PostAsync(body, "application/x-ndjson");

        Assert.True(response.Status == HttpStatusCode.BadRequest, response.ToString());
        Assert.Equal(200_000, response.Json.GetProperty("rejected").GetInt32());
        Assert.Equal(MaxListed, response.Json.GetProperty("items").GetArrayLength());
        Assert.True(response.Body.Length < 200_000, $"the answer is {response.Body.Length} bytes");
        await sidecar.AssertStillServingAsync();
    }
}
