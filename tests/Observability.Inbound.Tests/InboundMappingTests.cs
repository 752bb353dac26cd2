using System.Text.Json;
using Observability.Inbound;

namespace Observability.Inbound.Tests;

public sealed class InboundMappingTests
{
    private const string ApiRequestRule = """
        rules:
          - name: claude_code.api_request
            kind: otlp.log
            when: ["name == 'claude_code.api_request'"]
            id: [attributes.session.id, attributes.event.sequence]
            idPrefix: cc
            source: "'claude-code'"
            event:
              eventType: "'llm:call'"
              timestamp: "nanos(timeUnixNano) | iso(attributes.event.timestamp)"
              entityType: "'session'"
              entityId: attributes.session.id
              agent.model: attributes.model
              agent.tokens.input: number(attributes.input_tokens)
              agent.tokens.output: number(attributes.output_tokens)
              metadata.costUsd: attributes.cost_usd
              metadata.durationSeconds: ms(attributes.duration_ms)
              metadata.cached: "attributes.cache == 'true'"
        """;

    private const string ApiRequest = """
        {"name":"claude_code.api_request","timeUnixNano":"1765103400000000000",
         "attributes":{"session.id":"s-1","event.sequence":7,"model":"claude-sonnet-4","input_tokens":"5000",
                       "output_tokens":2000,"cost_usd":0.045,"duration_ms":1530,"cache":"true"}}
        """;

    [Fact]
    public void Translate_MatchingDocument_WritesTheEnvelopeWithTypesKept()
    {
        var mapping = InboundMapping.FromYaml(("rules.yaml", ApiRequestRule));

        var translation = mapping.Translate("otlp.log", Parse(ApiRequest));

        Assert.True(translation.Matched);
        var e = Assert.Single(translation.Events);
        using var json = JsonDocument.Parse(e.Json);
        var root = json.RootElement;
        Assert.Equal(e.Id, root.GetProperty("id").GetString());
        Assert.StartsWith("cc-", e.Id, StringComparison.Ordinal);
        Assert.Equal(3 + 32, e.Id.Length);
        Assert.Equal("llm:call", root.GetProperty("eventType").GetString());
        Assert.Equal("2025-12-07T10:30:00.0000000Z", root.GetProperty("timestamp").GetString());
        Assert.Equal("session", root.GetProperty("entityType").GetString());
        Assert.Equal("s-1", root.GetProperty("entityId").GetString());
        Assert.Equal("claude-sonnet-4", root.GetProperty("agent").GetProperty("model").GetString());
        Assert.Equal(5000, root.GetProperty("agent").GetProperty("tokens").GetProperty("input").GetInt64());
        Assert.Equal(2000, root.GetProperty("agent").GetProperty("tokens").GetProperty("output").GetInt64());
        Assert.Equal(0.045, root.GetProperty("metadata").GetProperty("costUsd").GetDouble());
        Assert.Equal(1.53, root.GetProperty("metadata").GetProperty("durationSeconds").GetDouble());
        Assert.True(root.GetProperty("metadata").GetProperty("cached").GetBoolean());
        Assert.Equal("claude-code", root.GetProperty("source").GetString());
        Assert.Equal("claude-code", root.GetProperty("metadata").GetProperty("source").GetString());
    }

    [Fact]
    public void Translate_SameIdentityTwice_GivesTheSameId()
    {
        var mapping = InboundMapping.FromYaml(("rules.yaml", ApiRequestRule));
        var resent = ApiRequest.Replace("0.045", "0.046", StringComparison.Ordinal);

        var first = mapping.Translate("otlp.log", Parse(ApiRequest)).Events[0].Id;
        var second = mapping.Translate("otlp.log", Parse(resent)).Events[0].Id;
        var other = mapping.Translate("otlp.log", Parse(ApiRequest.Replace("\"event.sequence\":7", "\"event.sequence\":8", StringComparison.Ordinal))).Events[0].Id;

        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void Translate_IdentityAbsent_HashesTheWholeDocument()
    {
        var mapping = InboundMapping.FromYaml(("rules.yaml", ApiRequestRule));
        var withoutSequence = ApiRequest.Replace("\"event.sequence\":7,", "", StringComparison.Ordinal);

        var first = mapping.Translate("otlp.log", Parse(withoutSequence)).Events[0].Id;
        var again = mapping.Translate("otlp.log", Parse(withoutSequence)).Events[0].Id;
        var changed = mapping.Translate("otlp.log", Parse(withoutSequence.Replace("0.045", "0.046", StringComparison.Ordinal))).Events[0].Id;

        Assert.Equal(first, again);
        Assert.NotEqual(first, changed);
    }

    [Fact]
    public void Translate_SourceIdentity_IdIsThePrefixAndSha256OfRuleAndPartsAsUtf8()
    {
        // Ids must not change between versions, or a source's resend after an upgrade would be stored twice: the id is
        // computed here from its definition, not by the code under test.
        var mapping = InboundMapping.FromYaml(("rules.yaml", ApiRequestRule));
        var document = ApiRequest.Replace("\"s-1\"", "\"séance-✓-\\u00e9\"", StringComparison.Ordinal);

        var id = mapping.Translate("otlp.log", Parse(document)).Events[0].Id;

        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("claude_code.api_request\u001fséance-✓-é\u001f7"));
        Assert.Equal("cc-" + Convert.ToHexStringLower(hash.AsSpan(0, 16)), id);
    }

    [Fact]
    public void Translate_IdentityAbsent_IdIsSha256OfRuleAndTheDocumentsJson()
    {
        var mapping = InboundMapping.FromYaml(("rules.yaml", ApiRequestRule));
        var document = Parse(ApiRequest.Replace("\"event.sequence\":7,", "", StringComparison.Ordinal));

        var id = mapping.Translate("otlp.log", document).Events[0].Id;

        var key = "claude_code.api_request\u001f" + InboundDocument.Of(document).ToJsonText();
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key));
        Assert.Equal("cc-" + Convert.ToHexStringLower(hash.AsSpan(0, 16)), id);
    }

    [Fact]
    public void Translate_AbsentFields_AreLeftOutWithTheirObjects()
    {
        var mapping = InboundMapping.FromYaml(("rules.yaml", ApiRequestRule));

        var e = mapping.Translate("otlp.log", Parse("""{"name":"claude_code.api_request","attributes":{"session.id":"s-1","event.timestamp":"2025-12-07T11:30:00+01:00"}}""")).Events[0];

        using var json = JsonDocument.Parse(e.Json);
        Assert.False(json.RootElement.TryGetProperty("agent", out _));
        Assert.Equal("2025-12-07T10:30:00.0000000Z", json.RootElement.GetProperty("timestamp").GetString());
        Assert.False(json.RootElement.GetProperty("metadata").GetProperty("cached").GetBoolean());
        Assert.Equal(["cached", "source"], json.RootElement.GetProperty("metadata").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void Translate_NoRuleMatches_IsUnmatched()
    {
        var mapping = InboundMapping.FromYaml(("rules.yaml", ApiRequestRule));

        Assert.False(mapping.Translate("otlp.log", Parse("""{"name":"claude_code.user_prompt"}""")).Matched);
        Assert.False(mapping.Translate("github", Parse(ApiRequest)).Matched);
    }

    [Fact]
    public void Translate_EveryMatchingRule_WritesOneEvent()
    {
        var mapping = InboundMapping.FromYaml(("rules.yaml", """
            rules:
              - { name: a, kind: k, idPrefix: a, source: "'s'", event: { eventType: "'x:y'" } }
              - { name: b, kind: k, idPrefix: b, source: "'s'", when: ["flag"], event: { eventType: "'x:z'" } }
              - { name: c, kind: k, idPrefix: c, source: "'s'", when: ["!flag"], event: { eventType: "'x:w'" } }
            """));

        Assert.Equal(["a", "b"], mapping.Translate("k", Parse("""{"flag":1}""")).Events.Select(e => e.Rule));
        Assert.Equal(["a", "c"], mapping.Translate("k", Parse("""{}""")).Events.Select(e => e.Rule));
    }

    [Fact]
    public void FromYaml_LaterFileSameName_ReplacesAndDisabledRemoves()
    {
        var mapping = InboundMapping.FromYaml(
            ("shipped.yaml", """
                rules:
                  - { name: a, kind: k, idPrefix: a, source: "'s'", event: { eventType: "'x:y'" } }
                  - { name: b, kind: k, idPrefix: b, source: "'s'", event: { eventType: "'x:z'" } }
                """),
            ("operator.yaml", """
                rules:
                  - { name: a, kind: k, idPrefix: a, source: "'mine'", event: { eventType: "'x:q'" } }
                  - { name: b, disabled: true }
                """));

        var e = Assert.Single(mapping.Translate("k", Parse("{}")).Events);
        Assert.Equal("a", e.Rule);
        Assert.Contains("\"eventType\":\"x:q\"", System.Text.Encoding.UTF8.GetString(e.Json.Span), StringComparison.Ordinal);
        Assert.Contains("\"source\":\"mine\"", System.Text.Encoding.UTF8.GetString(e.Json.Span), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("event: { eventType: \"'x:y'\" }", "name is required")]
    [InlineData("name: r\n    kind: k\n    source: \"'s'\"\n    event: { eventType: \"'x:y'\" }", "idPrefix is required")]
    [InlineData("name: r\n    kind: k\n    idPrefix: r\n    source: \"'s'\"\n    event: { entityId: a }", "event needs an eventType")]
    [InlineData("name: r\n    kind: k\n    idPrefix: r\n    source: \"'s'\"\n    event: { eventType: \"nope(a)\" }", "event.eventType: 'nope(a)' at column 6: 'nope' is not a function")]
    [InlineData("name: r\n    kind: k\n    idPrefix: r\n    source: \"'s'\"\n    when: [\"a ==\"]\n    event: { eventType: \"'x'\" }", "when[0]")]
    [InlineData("name: r\n    kind: k\n    idPrefix: r\n    source: \"'s'\"\n    event: { eventType: \"'x'\", agent: a, agent.model: b }", "event.agent.model")]
    [InlineData("name: r\n    kind: k\n    idPrefix: R\n    source: \"'s'\"\n    event: { eventType: \"'x'\" }", "idPrefix 'R'")]
    public void FromYaml_BadRule_NamesFileRuleAndField(string rule, string expected)
    {
        var e = Assert.Throws<InboundMappingException>(() => InboundMapping.FromYaml(("mine.yaml", "rules:\n  - " + rule)));

        Assert.Contains("'mine.yaml', rules[0]", e.Message, StringComparison.Ordinal);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromYaml_NotYaml_NamesFileAndLine()
    {
        var e = Assert.Throws<InboundMappingException>(() => InboundMapping.FromYaml(("mine.yaml", "rules:\n  - name: [\n")));

        Assert.Contains("'mine.yaml' is not valid: line", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_OperatorFileMissing_NamesIt()
    {
        var e = Assert.Throws<InboundMappingException>(() => InboundMapping.Load(["/nonexistent/rules.yaml"]));

        Assert.Contains("/nonexistent/rules.yaml", e.Message, StringComparison.Ordinal);
    }

    private static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement;
}
