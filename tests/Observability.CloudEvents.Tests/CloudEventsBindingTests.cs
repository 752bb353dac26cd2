using System.Text;
using System.Text.Json;

namespace Observability.CloudEvents.Tests;

public sealed class CloudEventsBindingTests
{
    private static readonly DateTimeOffset Received = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private const string PipelineRunFinished = """
        {"specversion":"1.0","id":"e-1","source":"/ci/jenkins","type":"dev.cdevents.pipelinerun.finished.0.3.0",
         "time":"2023-03-20T14:27:05.315384+01:00","datacontenttype":"application/json","myext":"v",
         "data":{"context":{"id":"e-1"},"subject":{"id":"run-9","content":{"pipelineName":"build","outcome":"success"}}}}
        """;

    [Fact]
    public void Read_StructuredCdEvent_DocumentCarriesAttributesDataAndCdEventParts()
    {
        var item = Assert.Single(Read(PipelineRunFinished, "application/cloudevents+json; charset=utf-8", "application/cloudevents+json"));

        using var document = JsonDocument.Parse(item.Document!);
        var root = document.RootElement;
        Assert.Equal("1.0", root.GetProperty("specversion").GetString());
        Assert.Equal("e-1", root.GetProperty("id").GetString());
        Assert.Equal("/ci/jenkins", root.GetProperty("source").GetString());
        Assert.Equal("2023-03-20T13:27:05.3153840Z", root.GetProperty("time").GetString());
        Assert.Equal("success", root.GetProperty("data").GetProperty("subject").GetProperty("content").GetProperty("outcome").GetString());
        Assert.Equal("v", root.GetProperty("extensions").GetProperty("myext").GetString());
        Assert.Equal("2026-03-01T12:00:00.0000000Z", root.GetProperty("receivedAt").GetString());
        var cdEvent = root.GetProperty("cdevent");
        Assert.Equal("pipelinerun", cdEvent.GetProperty("subject").GetString());
        Assert.Equal("finished", cdEvent.GetProperty("predicate").GetString());
        Assert.Equal("0.3.0", cdEvent.GetProperty("version").GetString());
        Assert.Equal(0, cdEvent.GetProperty("major").GetInt32());
    }

    [Fact]
    public void Read_BinaryMode_AttributesFromPercentEncodedHeadersAndJsonBody()
    {
        var headers = new Dictionary<string, string?>
        {
            ["ce-specversion"] = "1.0",
            ["Ce-Id"] = "b-1",
            ["ce-source"] = "/tools/x",
            ["ce-type"] = "com.example.thing.done",
            ["ce-subject"] = "caf%C3%A9",
            ["ce-myext"] = "ext value",
            ["Content-Length"] = "11",
        };

        var item = Assert.Single(CloudEventsBinding.Read(
            Encoding.UTF8.GetBytes("""{"n":12.5}"""), "application/json", "application/json", headers, Received, 10));

        using var document = JsonDocument.Parse(item.Document!);
        var root = document.RootElement;
        Assert.Equal("b-1", root.GetProperty("id").GetString());
        Assert.Equal("café", root.GetProperty("subject").GetString());
        Assert.Equal(12.5, root.GetProperty("data").GetProperty("n").GetDouble());
        Assert.Equal("ext value", root.GetProperty("extensions").GetProperty("myext").GetString());
        Assert.False(root.TryGetProperty("cdevent", out _));
    }

    [Fact]
    public void Read_BinaryModeWithoutSpecversion_ThrowsNamingTheHeader()
    {
        var e = Assert.Throws<CloudEventRequestException>(() => CloudEventsBinding.Read(
            "{}"u8.ToArray(), "application/json", "application/json", new Dictionary<string, string?> { ["ce-id"] = "x" }, Received, 10));

        Assert.Equal("ce-specversion", e.Field);
    }

    [Fact]
    public void Read_BinaryModeUnknownDataContentType_RejectedNamingDatacontenttype()
    {
        var item = Assert.Single(CloudEventsBinding.Read(
            new byte[] { 1, 2, 3 }, "application/octet-stream", "application/octet-stream", BinaryHeaders("o-1"), Received, 10));

        Assert.False(item.IsValid);
        Assert.Equal("datacontenttype", item.Field);
        Assert.Contains("application/octet-stream", item.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_BinaryModeBodyNotJson_RejectedNamingData()
    {
        var item = Assert.Single(CloudEventsBinding.Read(
            "{\"a\":"u8.ToArray(), "application/json", "application/json", BinaryHeaders("j-1"), Received, 10));

        Assert.Equal("data", item.Field);
    }

    [Theory]
    [InlineData("""{"specversion":"1.0","id":"s-1","source":"/s","type":"\ud800"}""", "type", "is not text")]
    [InlineData("""{"specversion":"1.0","id":"s-1","source":"/s","type":"x.y","data":{"subject":{"id":"\udc00"}}}""", "data.subject.id", "is not text")]
    [InlineData("""{"specversion":"1.0","id":"s-1","source":"/s","type":"x.y","data":{"l":["ok",["\ud800x"]]}}""", "data.l[1][0]", "is not text")]
    [InlineData("""{"specversion":"1.0","id":"s-1","source":"/s","type":"x.y","data":{"k":{"\ud800":1}}}""", "data.k", "holds a property name that is not text")]
    public void Read_StructuredLoneSurrogate_RejectedNamingItsPath(string body, string field, string reason)
    {
        var item = Assert.Single(Read(body, "application/cloudevents+json", "application/cloudevents+json"));

        Assert.False(item.IsValid);
        Assert.Equal(field, item.Field);
        Assert.StartsWith(reason, item.Reason, StringComparison.Ordinal);
        Assert.Contains("lone surrogate", item.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_BatchWithALoneSurrogateInOneEvent_TheOthersAreRead()
    {
        var items = Read(
            """[{"specversion":"1.0","id":"b-1","source":"/s","type":"x.y","data":{"t":"\ud83d\ude00 \u00e9"}},{"specversion":"1.0","id":"b-2","source":"/s","type":"x.y","data":{"t":"\ud83d"}}]""",
            "application/cloudevents-batch+json", "application/cloudevents-batch+json");

        Assert.True(items[0].IsValid);
        using var document = JsonDocument.Parse(items[0].Document!);
        Assert.Equal("😀 é", document.RootElement.GetProperty("data").GetProperty("t").GetString());
        Assert.False(items[1].IsValid);
        Assert.Equal("data.t", items[1].Field);
    }

    [Fact]
    public void Read_BinaryModeLoneSurrogateInTheBody_RejectedNamingItsPathUnderData()
    {
        var item = Assert.Single(CloudEventsBinding.Read(
            Encoding.UTF8.GetBytes("""[{"a":"\udfff"}]"""), "application/json", "application/json", BinaryHeaders("u-1"), Received, 10));

        Assert.False(item.IsValid);
        Assert.Equal("data[0].a", item.Field);
    }

    [Fact]
    public void Read_BinaryModeWithoutId_RejectedNamingTheHeader()
    {
        var headers = BinaryHeaders("x");
        headers.Remove("ce-id");

        var item = Assert.Single(CloudEventsBinding.Read("{}"u8.ToArray(), "application/json", "application/json", headers, Received, 10));

        Assert.Equal("ce-id", item.Field);
    }

    [Fact]
    public void Read_StructuredWithoutSpecversion_RejectedNamingSpecversion()
    {
        var item = Assert.Single(Read("""{"id":"1","source":"/s","type":"t"}""", "application/cloudevents+json", "application/cloudevents+json"));

        Assert.Equal("specversion", item.Field);
        Assert.Contains("missing", item.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_StructuredMalformedJson_ThrowsNamingTheBody()
    {
        var e = Assert.Throws<CloudEventRequestException>(() => Read("""{"specversion":"1.0",""", "application/cloudevents+json", "application/cloudevents+json"));

        Assert.Equal("body", e.Field);
        Assert.Equal("Malformed JSON", e.Title);
    }

    [Fact]
    public void Read_StructuredBadTime_RejectedNamingTime()
    {
        var item = Assert.Single(Read(
            """{"specversion":"1.0","id":"1","source":"/s","type":"t","time":"yesterday"}""", "application/cloudevents+json", "application/cloudevents+json"));

        Assert.False(item.IsValid);
        Assert.Equal("time", item.Field);
    }

    [Fact]
    public void Read_CdEventOfUnknownMajorVersion_RejectedWithTheReason()
    {
        var item = Assert.Single(Read(
            PipelineRunFinished.Replace(".0.3.0", ".1.0.0", StringComparison.Ordinal), "application/cloudevents+json", "application/cloudevents+json"));

        Assert.Equal("type", item.Field);
        Assert.Contains("major version 1 is unknown", item.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_BatchWithBadEvents_KeepsTheGoodOnesWithTheirIndex()
    {
        var body = $$"""[{{PipelineRunFinished}}, 7, {"specversion":"1.0","source":"/s","type":"t"}, {"specversion":"1.0","id":"2","source":"/s","type":"t","datacontenttype":"text/plain","data":"hello"}]""";

        var items = Read(body, "application/cloudevents-batch+json", "application/cloudevents-batch+json");

        Assert.Equal([true, false, false, true], items.Select(i => i.IsValid));
        Assert.Equal([0, 1, 2, 3], items.Select(i => i.Index));
        Assert.Equal("id", items[2].Field);
        using var text = JsonDocument.Parse(items[3].Document!);
        Assert.Equal("hello", text.RootElement.GetProperty("data").GetString());
    }

    [Fact]
    public void Read_BatchNotAnArray_Throws()
    {
        var e = Assert.Throws<CloudEventRequestException>(() => Read(PipelineRunFinished, "application/cloudevents-batch+json", "application/cloudevents-batch+json"));

        Assert.Contains("JSON array", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_BatchOverTheLimit_ThrowsBeforeReadingAnEvent()
    {
        Assert.Throws<CloudEventBatchTooLargeException>(() => CloudEventsBinding.Read(
            "[1,2,3]"u8.ToArray(), null, "application/cloudevents-batch+json", [], Received, 2));
    }

    [Fact]
    public void ModeOf_AnotherStructuredFormat_ThrowsNamingContentType()
    {
        var e = Assert.Throws<CloudEventRequestException>(() => CloudEventsBinding.ModeOf("application/cloudevents+avro"));

        Assert.Equal("Content-Type", e.Field);
    }

    private static IReadOnlyList<CloudEventItem> Read(string body, string contentType, string mediaType) =>
        CloudEventsBinding.Read(Encoding.UTF8.GetBytes(body), contentType, mediaType, [], Received, 10);

    private static Dictionary<string, string?> BinaryHeaders(string id) => new()
    {
        ["ce-specversion"] = "1.0",
        ["ce-id"] = id,
        ["ce-source"] = "/tools/x",
        ["ce-type"] = "com.example.thing.done",
    };
}
