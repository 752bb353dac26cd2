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

    [Theory]
    [InlineData("""{"id":"a","timestamp":"2025-12-07T10:00:00Z","eventType":"task:completed","entityType":"chain","entityId":"x"}""", "'chain' does not agree with eventType 'task:completed': it must be 'task'")]
    [InlineData("""{"id":"a","timestamp":"2025-12-07T10:00:00Z","eventType":"task:created","entityType":"Task","entityId":"x"}""", "it must be 'task'")]
    [InlineData("""{"id":"a","timestamp":"2025-12-07T10:00:00Z","eventType":"brand_new:thing","entityType":"brand","entityId":"x"}""", "it must be 'brand_new'")]
    public void Validate_EntityTypeOtherThanTheEventTypesEntity_IsRejectedNamingEntityType(string json, string reason)
    {
        var error = Support.Validate(json);

        Assert.Equal("entityType", error?.Field);
        Assert.Contains(reason, error?.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_OnReplay_EntityTypeAndCountsBeyondBoundsAreReadNotRefused()
    {
        var json = System.Text.Encoding.UTF8.GetBytes(
            """{"id":"a","timestamp":"2025-12-07T10:00:00Z","eventType":"task:completed","entityType":"chain","entityId":"x","agent":{"tokens":{"input":9000000000000000000,"output":12}}}""");

        var read = Observability.Events.StoredEventReader.TryRead(json, 0, out var envelope);

        Assert.True(read);
        Assert.Equal(("chain", null, 12L), (envelope.EntityType, envelope.TokensInput, envelope.TokensOutput));
    }

    [Theory]
    [InlineData("""{"input":1e2,"output":12.0}""", 100, 12)]
    [InlineData("""{"input":1000000000,"output":0}""", 1_000_000_000, 0)]
    public void Validate_TokensInAnyWholeSpelling_AreTheirValue(string tokens, long input, long output)
    {
        using var e = Support.Event("""{"id":"a","timestamp":"2025-12-07T10:00:00Z","eventType":"llm:call","entityId":"x","agent":{"model":"m","tokens":""" + tokens + "}}");

        Assert.Equal((input, output), (e.Envelope.TokensInput, e.Envelope.TokensOutput));
    }

    [Theory]
    [InlineData("agent.tokens.input", """{"eventType":"llm:call","agent":{"model":"m","tokens":{"input":1000000001}}}""")]
    [InlineData("agent.tokens.output", """{"eventType":"llm:call","agent":{"model":"m","tokens":{"output":1.5e0}}}""")]
    [InlineData("metadata.attempts", """{"eventType":"workitem:merged","metadata":{"attempts":1001}}""")]
    [InlineData("metadata.attempts", """{"eventType":"workitem:merged","metadata":{"attempts":2147483648}}""")]
    [InlineData("metadata.attempts", """{"eventType":"workitem:merged","metadata":{"attempts":12345678901234567890}}""")]
    [InlineData("metadata.costUsd", """{"eventType":"llm:call","agent":{"model":"m"},"metadata":{"costUsd":1.7e308}}""")]
    [InlineData("metadata.durationSeconds", """{"eventType":"task:completed","metadata":{"durationSeconds":315360000.5}}""")]
    [InlineData("metadata.count", """{"eventType":"lint:reported","metadata":{"severity":"info","count":1e20}}""")]
    [InlineData("metadata.n", """{"eventType":"threshold:crossed","metadata":{"threshold":"trust","direction":"lost","project":"p","value":0.5,"n":1e10,"window":50}}""")]
    public void Validate_NumberBeyondItsBound_IsRejectedNamingTheField(string field, string partial)
    {
        var json = Full(partial);

        Assert.Equal(field, Support.Validate(json)?.Field);
    }

    [Theory]
    [InlineData("""{"eventType":"workitem:merged","metadata":{"attempts":1000}}""")]
    [InlineData("""{"eventType":"workitem:merged","metadata":{"attempts":2e0}}""")]
    [InlineData("""{"eventType":"lint:reported","metadata":{"severity":"info","count":1e2}}""")]
    [InlineData("""{"eventType":"llm:call","agent":{"model":"m"},"metadata":{"costUsd":1000000}}""")]
    public void Validate_NumberAtOrWithinItsBound_IsAccepted(string partial)
    {
        var json = Full(partial);

        Assert.Null(Support.Validate(json));
    }

    [Fact]
    public void Catalogue_EveryNumber_HasTheMaximumItsReadersApply()
    {
        foreach (var field in Observability.Ingestion.Catalogue.EventCatalogue.All.SelectMany(t => t.Fields))
        {
            if (field.Kind is not (Observability.Ingestion.Catalogue.FieldKind.Number or Observability.Ingestion.Catalogue.FieldKind.WholeNumber))
            {
                continue;
            }

            Assert.True(field.Max is not null, $"{field.Path} has no maximum");
            var name = field.Path["metadata.".Length..];
            if (name is not ("percent" or "value"))
            {
                Assert.Equal(Observability.Events.NumberLimits.MaxOf(name), field.Max);
            }
        }
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

    [Theory]
    [InlineData("""{"verdict":"approved"}""", null)]
    [InlineData("""{"verdict":"appr\u006fved"}""", null)]
    [InlineData("""{"verdict":"Approved"}""", "'Approved' is not one of approved, changes_requested, rebase_conflict, rejected")]
    [InlineData("""{"verdict":"appr\u006fved!"}""", "'approved!' is not one of approved, changes_requested, rebase_conflict, rejected")]
    [InlineData("""{"verdict":"approved","project":"p\u00e9"}""", null)]
    [InlineData("""{"verdict":7}""", "must be a string, not a number")]
    public void Validate_TextFieldPlainOrEscaped_IsCheckedByItsText(string metadata, string? reason)
    {
        var error = Support.Validate($$"""{"id":"a","timestamp":"2025-12-07T10:00:00Z","eventType":"workitem:reviewed","entityId":"x","metadata":{{metadata}}}""");

        Assert.Equal(reason, error?.Reason);
        Assert.Equal(reason is null ? null : "metadata.verdict", error?.Field);
    }

    [Fact]
    public void Validate_EscapedTextFieldWithALoneSurrogate_Throws()
    {
        Assert.Throws<InvalidOperationException>(() => Support.Validate(
            """{"id":"a","timestamp":"2025-12-07T10:00:00Z","eventType":"workitem:reviewed","entityId":"x","metadata":{"verdict":"approved","project":"\ud800"}}"""));
    }

    [Fact]
    public void Validate_AgentModelOfACall_IsReadFromTheLastAgentObject()
    {
        const string Envelope = """{"id":"a","timestamp":"2025-12-07T10:00:00Z","eventType":"llm:call","entityId":"x",""";

        Assert.Null(Support.Validate(Envelope + """ "agent":{"role":"r"},"metadata":{"x":{"agent":1}},"agent":{"tokens":{"input":1},"model":"m"}}"""));
        Assert.Equal("agent.model", Support.Validate(Envelope + """ "agent":{"model":"m"},"agent":{"role":"r"}}""")?.Field);
        Assert.Equal("agent.model", Support.Validate(Envelope + """ "agent":{"model":"m"},"agent":null}""")?.Field);
        Assert.Equal("agent.model", Support.Validate(Envelope + """ "metadata":{"agent":{"model":"m"}}}""")?.Field);
    }

    // Adds the envelope fields a case leaves out.
    private static string Full(string partial)
    {
        var e = System.Text.Json.Nodes.JsonNode.Parse(partial)!.AsObject();
        e["id"] = "a";
        e["timestamp"] = "2025-12-07T10:00:00Z";
        e["entityId"] = "x";
        return e.ToJsonString();
    }
}
