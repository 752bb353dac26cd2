using System.Text.Json;
using Observability.Otlp;

namespace Observability.Otlp.Tests;

public sealed class LogDocumentsTests
{
    [Fact]
    public void Build_ClaudeCodeRecord_QualifiedNameTypedAttributesResourceScopeAndContext()
    {
        using var documents = LogDocuments.Build(OtlpDecoderTests.Claude(), new OtlpContext());

        var document = Json(Assert.Single(documents.Items));
        Assert.Equal("claude_code.api_request", document.GetProperty("name").GetString());
        Assert.Equal("1700000000000000000", document.GetProperty("timeUnixNano").GetString());
        Assert.Equal(JsonValueKind.Number, document.GetProperty("attributes").GetProperty("input_tokens").ValueKind);
        Assert.Equal(1200, document.GetProperty("attributes").GetProperty("input_tokens").GetInt64());
        Assert.Equal("s-1", document.GetProperty("attributes").GetProperty("session.id").GetString());
        Assert.Equal("claude-code", document.GetProperty("resource").GetProperty("service.name").GetString());
        Assert.Equal("com.anthropic.claude_code.events", document.GetProperty("scope").GetProperty("name").GetString());
        Assert.Equal("platform", document.GetProperty("context").GetProperty("team").GetString());
    }

    [Fact]
    public void Build_ConfiguredResourceKeys_OnlyThoseFillTheContext()
    {
        using var documents = LogDocuments.Build(OtlpDecoderTests.Claude(), new OtlpContext(new Dictionary<string, string> { ["service.name"] = "project" }));

        var context = Json(Assert.Single(documents.Items)).GetProperty("context");
        Assert.Equal("claude-code", context.GetProperty("project").GetString());
        Assert.False(context.TryGetProperty("team", out _));
    }

    [Fact]
    public void Name_EventNameQualifiedElsewhere_TakesTheAttributeWhenTheBodyIsProse()
    {
        var request = OtlpDecoderTests.Claude();
        var record = request.ResourceLogs[0].ScopeLogs[0].LogRecords[0];
        record.Body.StringValue = "API response from gemini-2.5-pro. Status: 200.";
        record.Attributes[0].Value.StringValue = "gemini_cli.api_response";

        Assert.Equal("gemini_cli.api_response", LogDocuments.Name(record));
    }

    internal static JsonElement Json(Observability.Inbound.InboundDocument document) => JsonDocument.Parse(document.ToJsonText()).RootElement.Clone();
}
