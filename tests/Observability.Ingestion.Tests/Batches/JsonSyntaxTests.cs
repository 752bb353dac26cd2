using System.Text;
using System.Text.Json;
using Observability.Ingestion.Batches;

namespace Observability.Ingestion.Tests.Batches;

public sealed class JsonSyntaxTests
{
    private const string Event =
        """{"id":"e-1","timestamp":"2026-01-01T00:00:00Z","eventType":"task:completed","entityId":"T-1","agent":{"model":"m","tokens":{"input":12,"output":3}},"metadata":{"durationSeconds":1.5e2,"success":true,"tags":["a","b\n\u00e9"],"x":null,"n":-0.25E-3}}""";

    [Theory]
    [InlineData("{}", JsonValueKind.Object)]
    [InlineData(" [1, 2.5, -3e+2, \"x\", true, false, null, {}] ", JsonValueKind.Array)]
    [InlineData("\"\\u00e9\\/\\b\\f\\n\\r\\t\\\"\\\\\"", JsonValueKind.String)]
    [InlineData("0", JsonValueKind.Number)]
    [InlineData("-0.0e0", JsonValueKind.Number)]
    [InlineData("true", JsonValueKind.True)]
    [InlineData("null", JsonValueKind.Null)]
    [InlineData(Event, JsonValueKind.Object)]
    public void Check_WellFormed_GivesTheKind(string json, JsonValueKind kind)
    {
        var result = JsonSyntax.Check(Encoding.UTF8.GetBytes(json));

        Assert.Null(result.Reason);
        Assert.Equal(kind, result.Kind);
    }

    [Theory]
    [InlineData("", 1, "empty")]
    [InlineData("x", 1, "'x' cannot start a value")]
    [InlineData("{\"id\":", 7, "the value is missing")]
    [InlineData("{\"a\":1,}", 8, "expected a property name")]
    [InlineData("{\"a\" 1}", 6, "expected ':'")]
    [InlineData("[1 2]", 4, "expected ',' or ']'")]
    [InlineData("01", 2, "'1' cannot follow a value")]
    [InlineData("1.", 3, "digit after the decimal point")]
    [InlineData("\"a\\x\"", 4, "'\\x' is not an escape")]
    [InlineData("\"a\\u12g4\"", 7, "four hexadecimal digits")]
    [InlineData("\"a\tb\"", 3, "control character")]
    [InlineData("\"abc", 5, "not closed")]
    [InlineData("{} {}", 4, "unexpected data after the value")]
    [InlineData("tru", 1, "expected 'true'")]
    public void Check_Malformed_SaysWhereAndWhyWithoutThrowing(string json, int byteNumber, string words)
    {
        var result = JsonSyntax.Check(Encoding.UTF8.GetBytes(json));

        Assert.Equal(JsonValueKind.Undefined, result.Kind);
        Assert.StartsWith($"malformed JSON at byte {byteNumber}: ", result.Reason, StringComparison.Ordinal);
        Assert.Contains(words, result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_DepthLimit_IsTheReadersSixtyFour()
    {
        Assert.Null(JsonSyntax.Check(Encoding.ASCII.GetBytes(new string('[', 64) + new string(']', 64))).Reason);
        Assert.Contains("deeper than 64", JsonSyntax.Check(Encoding.ASCII.GetBytes(new string('[', 65) + new string(']', 65))).Reason, StringComparison.Ordinal);
        Assert.True(ReaderAccepts(new string('[', 64) + new string(']', 64)));
        Assert.False(ReaderAccepts(new string('[', 65) + new string(']', 65)));
    }

    [Fact]
    public void Check_MutationsOfAnEvent_AgreeWithTheJsonReader()
    {
        // Every single-byte deletion, and a substitution at every position by each byte JSON gives a meaning to, of a
        // realistic event: the check and the reader must agree on every one, so no valid event is ever refused.
        var original = Encoding.UTF8.GetBytes(Event);
        var substitutes = "{}[]\":,\\ 0-+.eEtfnu1x\t\n"u8.ToArray();
        var cases = 0;
        for (var i = 0; i < original.Length; i++)
        {
            AssertAgrees([.. original[..i], .. original[(i + 1)..]]);
            foreach (var b in substitutes)
            {
                var mutated = (byte[])original.Clone();
                mutated[i] = b;
                AssertAgrees(mutated);
                cases++;
            }
        }

        Assert.True(cases > 5000, $"{cases} cases");
    }

    private static void AssertAgrees(byte[] json)
    {
        var reader = ReaderAccepts(json);
        var check = JsonSyntax.Check(json).Reason is null;
        Assert.True(reader == check, $"reader {(reader ? "accepts" : "refuses")}, check {(check ? "accepts" : "refuses")}: {Encoding.UTF8.GetString(json)}");
    }

    private static bool ReaderAccepts(string json) => ReaderAccepts(Encoding.UTF8.GetBytes(json));

    private static bool ReaderAccepts(byte[] json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
