namespace Observability.Ingestion.Tests.Events;

public sealed class EventValidatorTests
{
    [Theory]
    [InlineData("""{"id":"a1b2c3","timestamp":"2025-12-07T10:00:00Z","eventType":"chain:created","entityType":"chain","entityId":"CHAIN-031","requestId":"CR-20251207-011","agent":{"model":"claude-3-5-sonnet","role":"control"}}""")]
    [InlineData("""{"id":"d4e5f6","timestamp":"2025-12-07T10:05:00Z","eventType":"task:created","entityType":"task","entityId":"001-create-adr","chainId":"CHAIN-031"}""")]
    [InlineData("""{"id":"g7h8i9","timestamp":"2025-12-07T10:10:00Z","eventType":"task:started","entityType":"task","entityId":"001-create-adr","chainId":"CHAIN-031","agent":{"model":"claude-3-5-sonnet","role":"impl"}}""")]
    [InlineData("""{"id":"j0k1l2","timestamp":"2025-12-07T10:30:00+02:00","eventType":"task:completed","entityType":"task","entityId":"001-create-adr","chainId":"CHAIN-031","agent":{"model":"claude-3-5-sonnet","role":"impl","tokens":{"input":5000,"output":2000}}}""")]
    [InlineData("""{"id":"n1","timestamp":"2025-12-07T10:30:00.123Z","eventType":"brand_new:thing","entityId":"x","metadata":{"anything":[1,2]}}""")]
    public void Validate_SeedAndUncataloguedEvents_AreValid(string json)
    {
        Assert.Null(Support.Validate(json));
    }

    [Theory]
    [InlineData("""[]""", "", "must be a JSON object")]
    [InlineData("""{"timestamp":"2025-12-07T10:00:00Z","eventType":"task:created","entityId":"x"}""", "id", "required")]
    [InlineData("""{"id":7,"timestamp":"2025-12-07T10:00:00Z","eventType":"task:created","entityId":"x"}""", "id", "must be a string")]
    [InlineData("""{"id":"a","timestamp":"2025-12-07 10:00","eventType":"task:created","entityId":"x"}""", "timestamp", "ISO 8601")]
    [InlineData("""{"id":"a","timestamp":"2025-12-07T10:00:00","eventType":"task:created","entityId":"x"}""", "timestamp", "time zone")]
    [InlineData("""{"id":"a","timestamp":"2025-12-07T10:00:00Z","eventType":"TaskCreated","entityId":"x"}""", "eventType", "entity:action")]
    [InlineData("""{"id":"a","timestamp":"2025-12-07T10:00:00Z","eventType":"task:created"}""", "entityId", "required")]
    [InlineData("""{"id":"a","timestamp":"2025-12-07T10:00:00Z","eventType":"task:created","entityId":"x","agent":"bob"}""", "agent", "object")]
    [InlineData("""{"id":"a","timestamp":"2025-12-07T10:00:00Z","eventType":"task:created","entityId":"x","agent":{"tokens":{"input":-1}}}""", "agent.tokens.input", "zero or more")]
    [InlineData("""{"id":"a","timestamp":"2025-12-07T10:00:00Z","eventType":"task:created","entityId":"x","metadata":[1]}""", "metadata", "object")]
    [InlineData("""{"id":"a","timestamp":"2025-12-07T10:00:00Z","eventType":"ws:execution","entityId":"x","metadata":{"status":"DONE"}}""", "metadata.status", "STARTED, COMPLETED, FAILED, HARD_STOP, BLOCKED")]
    [InlineData("""{"id":"a","timestamp":"2025-12-07T10:00:00Z","eventType":"ws:phase","entityId":"x","metadata":{"phase":"review","wsExecutionId":"r1"}}""", "metadata.phase", "failing_tests, implement, verify, do_no_harm_audit")]
    [InlineData("""{"id":"a","timestamp":"2025-12-07T10:00:00Z","eventType":"coverage:reported","entityId":"x","metadata":{"percent":101}}""", "metadata.percent", "between 0 and 100")]
    [InlineData("""{"id":"a","timestamp":"2025-12-07T10:00:00Z","eventType":"coverage:reported","entityId":"x","metadata":{}}""", "metadata.percent", "required")]
    [InlineData("""{"id":"a","timestamp":"2025-12-07T10:00:00Z","eventType":"workitem:merged","entityId":"x","metadata":{"attempts":1.5}}""", "metadata.attempts", "whole number")]
    [InlineData("""{"id":"a","timestamp":"2025-12-07T10:00:00Z","eventType":"task:completed","entityId":"x","metadata":{"durationSeconds":"slow"}}""", "metadata.durationSeconds", "must be a number")]
    [InlineData("""{"id":"a","timestamp":"2025-12-07T10:00:00Z","eventType":"pipeline:completed","entityId":"x","metadata":{"stage":"build","success":"yes"}}""", "metadata.success", "true or false")]
    [InlineData("""{"id":"a","timestamp":"2025-12-07T10:00:00Z","eventType":"task:failed","entityId":"x","metadata":{}}""", "metadata.failureType", "required")]
    public void Validate_InvalidEvent_NamesFieldAndProblem(string json, string field, string reason)
    {
        var error = Support.Validate(json);

        Assert.NotNull(error);
        Assert.Equal(field, error.Field);
        Assert.Contains(reason, error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_IdLongerThanLimit_IsRejected()
    {
        var json = $$"""{"id":"{{new string('x', 129)}}","timestamp":"2025-12-07T10:00:00Z","eventType":"task:created","entityId":"x"}""";

        Assert.Equal("id", Support.Validate(json)?.Field);
    }

    [Fact]
    public void Validate_NoEntityType_DefaultsToEventTypePrefix()
    {
        using var e = Support.Event("""{"id":"a","timestamp":"2025-12-07T10:00:00Z","eventType":"pipeline:started","entityId":"run-1","metadata":{"stage":"build"}}""");

        Assert.Equal("pipeline", e.Envelope.EntityType);
        Assert.Equal(new DateTimeOffset(2025, 12, 7, 10, 0, 0, TimeSpan.Zero), e.Timestamp);
    }

    [Fact]
    public void Validate_EscapedPropertyNames_ReadAsTheirUnescapedText()
    {
        using var e = Support.Event(
            """{"\u0069d":"e1","timestamp":"2025-12-07T10:00:00Z","event\u0054ype":"task:started","entityId":"T-1","agent":{"mod\u0065l":"m1","tokens":{"input":3}},"met\u0061data":{"taskType":"spec"}}""");

        Assert.Equal("e1", e.Id);
        Assert.Equal("task:started", e.EventType);
        Assert.Equal("m1", e.Envelope.Model);
        Assert.Equal(3, e.Envelope.TokensInput);
        Assert.Equal("spec", e.MetadataString("taskType"));
    }

    [Fact]
    public void Validate_PropertyGivenTwice_TheLastOneCounts()
    {
        using var e = Support.Event(
            """{"id":"first","id":"second","timestamp":"2025-12-07T10:00:00Z","eventType":"task:started","entityId":"T-1","agent":{"model":"m1"},"agent":{"role":"r2"},"metadata":{"taskType":"a"},"metadata":{"taskType":"b"}}""");

        Assert.Equal("second", e.Id);
        Assert.Null(e.Envelope.Model);
        Assert.Equal("r2", e.Envelope.Role);
        Assert.Equal("b", e.MetadataString("taskType"));
    }

    [Fact]
    public void Validate_CatalogueFieldInMetadata_IsCheckedThroughTheEnvelopePass()
    {
        var error = Support.Validate(
            """{"id":"a","timestamp":"2025-12-07T10:00:00Z","eventType":"coverage:reported","entityId":"x","metadata":{"percent":5},"metadata":{"percent":500}}""");

        Assert.NotNull(error);
        Assert.Equal("metadata.percent", error.Field);
    }
}
