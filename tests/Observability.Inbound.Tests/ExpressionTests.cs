using System.Text.Json;
using Observability.Inbound.Expressions;

namespace Observability.Inbound.Tests;

public sealed class ExpressionTests
{
    private const string Document = """
        {"name":"x","attributes":{"session.id":"s-1","event.sequence":"7","event":{"kind":"nested"},"a.b.c":"longest","a":{"b":{"c":"shortest"}}},
         "n":1500,"text":"42.5","flag":true,"flagText":"true","empty":"","nil":null,
         "start":"2025-12-07T10:30:00Z","end":"2025-12-07T10:31:30.5Z","nanos":"1765103400000000000","zero":"0",
         "items":[{"id":"i-0"},{"id":"i-1"}],"conclusion":"timed_out","Upper":"MiXeD","gitlab":"2016-08-12 15:26:29 UTC"}
        """;

    [Theory]
    [InlineData("attributes.session.id", "s-1")]
    [InlineData("attributes.event.sequence", "7")]
    [InlineData("attributes.event.kind", "nested")]
    [InlineData("attributes.a.b.c", "longest")]
    [InlineData("items.1.id", "i-1")]
    [InlineData("items.2.id", null)]
    [InlineData("missing | empty | nil | 'fallback'", "fallback")]
    [InlineData("empty | name", "x")]
    [InlineData("ms(n)", "1.5")]
    [InlineData("number(text)", "42.5")]
    [InlineData("number(name)", null)]
    [InlineData("text(n)", "1500")]
    [InlineData("lower(Upper)", "mixed")]
    [InlineData("nanos(nanos)", "2025-12-07T10:30:00.0000000Z")]
    [InlineData("nanos(zero) | 'unset'", "unset")]
    [InlineData("unix(1765103400)", "2025-12-07T10:30:00.0000000Z")]
    [InlineData("iso(start)", "2025-12-07T10:30:00.0000000Z")]
    [InlineData("iso(name)", null)]
    [InlineData("iso(gitlab)", "2016-08-12T15:26:29.0000000Z")]
    [InlineData("since(start, end)", "90.5")]
    [InlineData("since(end, start)", null)]
    [InlineData("since(nanos, end)", "90.5")]
    [InlineData("lookup(conclusion, 'success=true;failure=false;timed_out=timeout')", "timeout")]
    [InlineData("lookup(name, 'a=1')", null)]
    [InlineData("lookup(name, 'a=1;*=other')", "other")]
    [InlineData("concat(attributes.session.id, '#', n)", "s-1#1500")]
    [InlineData("concat(missing, '#')", null)]
    [InlineData("count(items)", "2")]
    [InlineData("flag == true", "true")]
    [InlineData("flagText == true", "true")]
    [InlineData("n == 1500", "true")]
    [InlineData("text != '42.5'", "false")]
    [InlineData("missing != 'a'", "true")]
    [InlineData("conclusion in ['success', 'timed_out']", "true")]
    [InlineData("'it''s'", "it's")]
    public void Evaluate_Expression_GivesTheValue(string expression, string? expected)
    {
        using var document = JsonDocument.Parse(Document);

        var value = ExpressionParser.ParseExpression(expression).Evaluate(InboundDocument.Of(document.RootElement));

        Assert.Equal(expected, value.AsText());
    }

    [Theory]
    [InlineData("flag", true)]
    [InlineData("missing", false)]
    [InlineData("!missing", true)]
    [InlineData("!empty", true)]
    [InlineData("!name", false)]
    [InlineData("name == 'x'", true)]
    [InlineData("name != 'x'", false)]
    public void Condition_Evaluate_HoldsOrNot(string condition, bool holds)
    {
        using var document = JsonDocument.Parse(Document);

        var value = ExpressionParser.ParseCondition(condition).Evaluate(InboundDocument.Of(document.RootElement));

        Assert.Equal(holds, value.Kind == ValueKind.Boolean ? value.AsText() == "true" : value.IsPresent);
    }

    [Theory]
    [InlineData("", "an expression ends")]
    [InlineData("a ==", "a comparison needs a literal")]
    [InlineData("'open", "not closed")]
    [InlineData("ms(a, b)", "ms() takes 1 argument(s), not 2")]
    [InlineData("a b", "unexpected 'b'")]
    [InlineData("a..b", "not a dotted path")]
    public void Parse_BadExpression_SaysWhy(string expression, string expected)
    {
        var e = Assert.Throws<FormatException>(() => ExpressionParser.ParseExpression(expression));

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }
}
