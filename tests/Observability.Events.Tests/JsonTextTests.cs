using System.Text;

namespace Observability.Events.Tests;

public sealed class JsonTextTests
{
    [Theory]
    [InlineData("""{"a":"plain","b":["x",1,true,null]}""", null)]
    [InlineData("""{"a":"\u00e9 \ud83d\ude00","\u0041":{"k":"\n"}}""", null)]
    [InlineData("""{"a":"\ud800"}""", "a")]
    [InlineData("""{"a":{"b":[1,{"c":"x"},"\udc00"]}}""", "a.b[2]")]
    [InlineData("""[[0],["ok","\ud83d"]]""", "[1][1]")]
    [InlineData("""{"a":{"\ud800":1}}""", "a")]
    [InlineData("""{"\udfff":1}""", "")]
    public void FirstUnreadable_EveryPlace_NamesThePathAndAgreesWithAllReadable(string json, string? path)
    {
        var bytes = Encoding.UTF8.GetBytes(json);

        var found = JsonText.FirstUnreadable(bytes);

        Assert.Equal(path, found?.Path);
        Assert.Equal(path is null, JsonText.AllReadable(bytes));
        Assert.Contains("lone surrogate", found?.Reason ?? "lone surrogate", StringComparison.Ordinal);
    }

    [Fact]
    public void FirstUnreadable_SyntaxErrorBeforeAnyBadString_LeftToTheJsonReader()
    {
        Assert.Null(JsonText.FirstUnreadable("""{"a":x,"b":"\ud800"}"""u8));
        Assert.Equal("a", JsonText.FirstUnreadable("""{"a":"\ud800","""u8)?.Path);
    }
}
