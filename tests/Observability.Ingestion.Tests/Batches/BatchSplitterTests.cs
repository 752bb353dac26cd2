using System.Text;
using Observability.Ingestion.Batches;

namespace Observability.Ingestion.Tests.Batches;

public sealed class BatchSplitterTests
{
    [Fact]
    public void SplitJson_SingleObject_IsOneItem()
    {
        var items = BatchSplitter.SplitJson(Support.Utf8("""  {"id":"a"}  """));

        Assert.Equal("""{"id":"a"}""", Encoding.UTF8.GetString(Assert.Single(items).Json.Span));
    }

    [Fact]
    public void SplitJson_PrettyArray_GivesEachElementWithIndex()
    {
        var items = BatchSplitter.SplitJson(Support.Utf8("[\n  {\"id\":\"a\"},\n  {\"id\":\"b\",\n \"x\":[1,2]}\n]"));

        Assert.Equal(2, items.Count);
        Assert.Equal(1, items[1].Index);
        Assert.Equal("{\"id\":\"b\",\n \"x\":[1,2]}", Encoding.UTF8.GetString(items[1].Json.Span));
    }

    [Theory]
    [InlineData("{\"id\":", "line 1")]
    [InlineData("[{\"id\":\"a\"},\n{\"id\" \"b\"}]", "line 2")]
    [InlineData("{\"id\":\"a\"} {\"id\":\"b\"}", "line 1, byte 12")]
    [InlineData("", "empty")]
    [InlineData(" \n ", "empty")]
    public void SplitJson_Malformed_ThrowsWithPosition(string body, string expected)
    {
        var error = Assert.Throws<BatchFormatException>(() => BatchSplitter.SplitJson(Support.Utf8(body)));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SplitNdjson_BadLine_IsItemWithSyntaxErrorOthersKept()
    {
        var items = BatchSplitter.SplitNdjson(Support.Utf8("{\"id\":\"a\"}\r\n\n{\"id\":\n  \n{\"id\":\"c\"}"));

        Assert.Equal(3, items.Count);
        Assert.Null(items[0].SyntaxError);
        Assert.Contains("malformed JSON", items[1].SyntaxError, StringComparison.Ordinal);
        Assert.Null(items[2].SyntaxError);
        Assert.Equal(2, items[2].Index);
        Assert.Equal("{\"id\":\"a\"}", Encoding.UTF8.GetString(items[0].Json.Span));
    }

    [Fact]
    public void SplitNdjson_MoreLinesThanTheCap_ThrowsNamingTheLimit()
    {
        var body = Support.Utf8("1\n\n2\n  \n3\n");

        Assert.Equal(3, BatchSplitter.SplitNdjson(body, maxItems: 3).Count);
        Assert.Equal(2, Assert.Throws<BatchLimitException>(() => BatchSplitter.SplitNdjson(body, maxItems: 2)).Limit);
    }

    [Fact]
    public void SplitJson_MoreElementsThanTheCap_ThrowsNamingTheLimit()
    {
        var body = Support.Utf8("[1, {\"a\":[2,3]}, \"x\"]");

        Assert.Equal(3, BatchSplitter.SplitJson(body, maxItems: 3).Count);
        Assert.Equal(2, Assert.Throws<BatchLimitException>(() => BatchSplitter.SplitJson(body, maxItems: 2)).Limit);
        Assert.Single(BatchSplitter.SplitJson(Support.Utf8("{\"a\":[1,2,3]}"), maxItems: 1));
    }
}
