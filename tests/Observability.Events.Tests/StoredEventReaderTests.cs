using System.Text;

namespace Observability.Events.Tests;

/// <summary>
/// The one reader of stored events, on the payloads the analytics' reader and the document parser it replaced were
/// kept in agreement on: what each reads as, under the log's rules.
/// </summary>
public sealed class StoredEventReaderTests
{
    [Fact]
    public void TryRead_FullEnvelope_ReadsEveryField()
    {
        var e = Read("""{"id":"e1","timestamp":"2026-11-21T10:00:00Z","eventType":"task:completed","entityId":"T-1","agent":{"model":"m1","role":"impl","tokens":{"input":1200,"output":300}},"metadata":{"taskType":"spec","durationSeconds":12.5}}""");

        Assert.Equal(42, e.Sequence);
        Assert.Equal("e1", e.Id);
        Assert.Equal(new DateTimeOffset(2026, 11, 21, 10, 0, 0, TimeSpan.Zero), e.Timestamp);
        Assert.Equal(("task:completed", "task", "T-1"), (e.EventType, e.EntityType, e.EntityId));
        Assert.Equal(("m1", "impl", 1200L, 300L), (e.Model, e.Role, e.TokensInput, e.TokensOutput));
        Assert.Equal("spec", e.Metadata.Text("taskType"u8));
        Assert.Equal(12.5, e.Metadata.Number("durationSeconds"u8));
        Assert.Equal("""{"taskType":"spec","durationSeconds":12.5}""", Encoding.UTF8.GetString(e.Metadata.Raw));
    }

    [Fact]
    public void TryRead_OffsetsChainAndRequest_KeptAsGiven()
    {
        var e = Read("""{"id":"e2","timestamp":"2026-11-21T10:00:00.1234567+05:30","eventType":"chain:created","entityType":"chain","entityId":"C-1","chainId":"C-1","requestId":"R-1"}""");

        Assert.Equal(new DateTimeOffset(2026, 11, 21, 10, 0, 0, TimeSpan.FromMinutes(330)).AddTicks(1234567), e.Timestamp);
        Assert.Equal(TimeSpan.FromMinutes(330), e.Timestamp.Offset);
        Assert.Equal(("chain", "C-1", "C-1", "R-1"), (e.EntityType, e.EntityId, e.ChainId, e.RequestId));
        Assert.False(e.Metadata.IsObject);
    }

    [Fact]
    public void TryRead_PropertiesInAnyOrderWithNestedAndUnknownOnes_ReadsTheEnvelope()
    {
        var e = Read("""{"metadata":{"a":{"b":[1,2,{"c":null}]}},"extra":[{"x":1}],"eventType":"task:started","timestamp":"2026-11-21T10:00:00-0130","id":"e3","entityId":"T-3"}""");

        Assert.Equal(("e3", "task:started"), (e.Id, e.EventType));
        Assert.Equal(TimeSpan.FromMinutes(-90), e.Timestamp.Offset);
        Assert.True(e.Metadata.TryGet("a"u8, out var a));
        Assert.Equal("""{"b":[1,2,{"c":null}]}""", Encoding.UTF8.GetString(a.Raw));
        Assert.True(e.TryGetPath([.. "extra".Split('.').Select(Encoding.UTF8.GetBytes)], out var extra));
        Assert.Equal("""[{"x":1}]""", Encoding.UTF8.GetString(extra.Raw));
    }

    [Fact]
    public void TryRead_EscapedNamesAndValues_ReadsTheUnescapedText()
    {
        var e = Read("""{"\u0069d":"e\u0031","timestamp":"2026-11-21T10:00:00Z","eventType":"task:\u0073tarted","entityId":"T-4","agent":{"mod\u0065l":"m\u00e9"},"metadata":{"t\u0061skType":"sp\u0065c"}}""");

        Assert.Equal("e1", e.Id);
        Assert.Equal("task:started", e.EventType);
        Assert.Equal("task", e.EntityType);
        Assert.Equal("m\u00e9", e.Model);
        Assert.Equal("spec", e.Metadata.Text("taskType"u8));
        Span<byte> id = stackalloc byte[e.IdUtf8MaxLength];
        Assert.Equal("e1"u8, id[..e.IdUtf8(id)]);
    }

    [Fact]
    public void TryRead_PropertyGivenTwice_CountsWithItsLastValue()
    {
        var e = Read("""{"id":"first","id":"second","timestamp":"2026-11-21T10:00:00Z","eventType":"task:started","entityId":"T-5","agent":{"model":"m1"},"agent":{"role":"r2"},"metadata":{"x":1,"x":2},"metadata":{"y":3}}""");

        Assert.Equal("second", e.Id);
        Assert.Equal((null, "r2"), (e.Model, e.Role));
        Assert.Null(e.Metadata.Number("x"u8));
        Assert.Equal(3, e.Metadata.Number("y"u8));
        Assert.Equal(1, e.Metadata.Count);
    }

    [Theory]
    [InlineData("""{"id":"e6","timestamp":"2026-11-21 10:00:00","eventType":"task:started","entityId":"T"}""")]
    [InlineData("""{"id":"e7","timestamp":"2026-11-21T10:00:00Z","eventType":"task:started","entityId":"T","agent":"not an object"}""")]
    [InlineData("""{"id":"e7","timestamp":"2026-11-21T10:00:00Z","eventType":"task:started","entityId":"T","metadata":[1]}""")]
    [InlineData("""{"id":"e8","timestamp":"2026-11-21T10:00:00Z","eventType":"task:started","agent":{"tokens":{"input":1,"output":"3"}},"entityId":"T"}""")]
    [InlineData("""{"id":"e8","timestamp":"2026-11-21T10:00:00Z","eventType":"task:started","entityId":7}""")]
    [InlineData("""{"id":7,"timestamp":"2026-11-21T10:00:00Z","eventType":"task:started","entityId":"T"}""")]
    [InlineData("""{"id":"e10","timestamp":"yesterday","eventType":"task:started","entityId":"T"}""")]
    [InlineData("""{"id":"e11","eventType":"task:started","entityId":"T"}""")]
    [InlineData("""{"id":"e11","timestamp":"2026-11-21T10:00:00Z","entityId":"T"}""")]
    [InlineData("""[1,2]""")]
    [InlineData("""{"id":"e13","timestamp":"2026-11-21T10:00:00Z","eventType":"task:started","entityId":"T","metadata":{"x":1}""")]
    [InlineData("""{"id":"e14","timestamp":"2026-11-21T10:00:00Z","eventType":"task:started","entityId":"T"} {}""")]
    [InlineData("""{"id":"e\ud800","timestamp":"2026-11-21T10:00:00Z","eventType":"task:started","entityId":"T"}""")]
    public void TryRead_NotAnEventTheApiCouldHaveStored_IsFalse(string json)
    {
        Assert.False(StoredEventReader.TryRead(Encoding.UTF8.GetBytes(json), 0, out var e));
        Assert.True(e.IsEmpty);
    }

    [Fact]
    public void TryRead_CountBeyondItsBoundOrNotWhole_IsLeftOutAsIfAbsent()
    {
        var e = Read("""{"id":"a","timestamp":"2025-12-07T10:00:00Z","eventType":"task:completed","entityType":"chain","entityId":"x","agent":{"tokens":{"input":9000000000000000000,"output":1.5}}}""");

        Assert.Equal(("chain", null, (long?)null), (e.EntityType, e.TokensInput, e.TokensOutput));
    }

    [Fact]
    public void At_ACopyOfTheRecord_ReadsTheSameFromTheCopy()
    {
        var original = Encoding.UTF8.GetBytes("""{"id":"c1","timestamp":"2026-11-21T10:00:00Z","eventType":"task:started","entityId":"T","metadata":{"stage":"build"}}""");
        var e = Read(Encoding.UTF8.GetString(original));
        var copy = original.ToArray();
        Array.Clear(original);

        var moved = e.At(7, copy);

        Assert.Equal((7L, "c1", "build"), (moved.Sequence, moved.Id, moved.Metadata.Text("stage"u8)));
    }

    [Fact]
    public void Validate_AnEventForStoring_IsReadWithItsSequenceUnset()
    {
        var problem = StoredEventReader.Validate(
            Encoding.UTF8.GetBytes("""{"id":"v1","timestamp":"2026-11-21T10:00:00Z","eventType":"task:started","entityType":"task","entityId":"T"}"""),
            out var e, out var id);

        Assert.Null(problem);
        Assert.Equal(("v1", -1L, "v1"), (id, e.Sequence, e.Id));
    }

    [Fact]
    public void Validate_EntityTypeOfAnotherEntity_IsRefusedThoughReplayReadsIt()
    {
        var json = Encoding.UTF8.GetBytes("""{"id":"v2","timestamp":"2026-11-21T10:00:00Z","eventType":"task:started","entityType":"chain","entityId":"T"}""");

        var problem = StoredEventReader.Validate(json, out _, out var id);

        Assert.Equal("entityType", problem?.Field);
        Assert.Equal("v2", id);
        Assert.True(StoredEventReader.TryRead(json, 0, out var e));
        Assert.Equal("chain", e.EntityType);
    }

    [Theory]
    [InlineData(""","agent":{"model":"m1","tokens":{"input":5,"x":{"y":"deep"}},"extra":[1]}""")]
    [InlineData(""","agent":{"model":"first","extra":1},"metadata":{"a":1},"agent":{"model":"last","tokens":{"x":{"y":2}}}""")]
    [InlineData(""","agent":{"model":"m1"},"agent":null""")]
    [InlineData(""","agent":{"model":"m1","extra":1,"extra":{"y":"again"}}""")]
    [InlineData(""","\u0061gent":{"\u006dodel":"escaped","extra":{"y":3}}""")]
    [InlineData(""","agent":{}""")]
    [InlineData(""","metadata":{"agent":{"model":"not this"}}""")]
    [InlineData("")]
    public void TryGetPath_BelowAgent_FindsWhatALookupFromTheRootFinds(string agent)
    {
        var json = Encoding.UTF8.GetBytes($$"""{"id":"a1","timestamp":"2026-11-21T10:00:00Z","eventType":"llm:call","entityId":"T"{{agent}}}""");
        Assert.True(StoredEventReader.TryRead(json, 0, out var e));
        using var document = System.Text.Json.JsonDocument.Parse(json);

        foreach (var path in new[] { "agent.model", "agent.extra", "agent.extra.y", "agent.tokens.input", "agent.tokens.x.y", "agent.missing" })
        {
            var segments = path.Split('.').Select(Encoding.UTF8.GetBytes).ToArray();
            var expected = FromRoot(document.RootElement, path.Split('.'));
            var found = e.TryGetPath(segments, out var value);

            Assert.Equal(expected is not null, found);
            if (expected is { } element)
            {
                Assert.Equal(element.GetRawText(), value.Kind == System.Text.Json.JsonTokenType.String ? $"\"{Encoding.UTF8.GetString(value.Raw)}\"" : Encoding.UTF8.GetString(value.Raw));
            }
        }
    }

    [Fact]
    public void Validate_EventsReadTogetherWithOneEntity_ShareItsStringAndKeepItsRules()
    {
        var table = new PropertyTable();
        StoredEvent Next(string entity, out ValidationError? problem)
        {
            problem = StoredEventReader.Validate(
                Encoding.UTF8.GetBytes($$"""{"id":"s","timestamp":"2026-11-21T10:00:00Z","eventType":"llm:call","entityId":"{{entity}}"}"""), out var e, out _, table);
            return e;
        }

        var first = Next("session-1", out _);
        var second = Next("session-1", out _);
        var escaped = Next("session\u002d1", out _);
        var other = Next("session-2", out _);
        Next(string.Empty, out var empty);
        Next(new string('x', StoredEventReader.MaxEntityIdLength + 1), out var tooLong);

        Assert.Same(first.EntityId, second.EntityId);
        Assert.Equal(("session-1", "session-1", "session-2"), (first.EntityId, escaped.EntityId, other.EntityId));
        Assert.Equal(("entityId", "entityId"), (empty?.Field, tooLong?.Field));
        Assert.Equal("session-2", Next("session-2", out _).EntityId);
    }

    [Fact]
    public void JsonText_LoneSurrogate_IsNotReadable()
    {
        Assert.False(JsonText.AllReadable("""{"a":"\ud800"}"""u8));
        Assert.False(JsonText.AllReadable("""{"\udc00":1}"""u8));
        Assert.True(JsonText.AllReadable("""{"a":"\ud83d\ude00"}"""u8));
        Assert.True(JsonText.AllReadable("""{"a":"plain"}"""u8));
    }

    // The last property of a name wins, as in the reader: a walk over every property, not TryGetProperty (the first).
    private static System.Text.Json.JsonElement? FromRoot(System.Text.Json.JsonElement element, string[] segments)
    {
        foreach (var segment in segments)
        {
            if (element.ValueKind != System.Text.Json.JsonValueKind.Object)
            {
                return null;
            }

            System.Text.Json.JsonElement? next = null;
            foreach (var property in element.EnumerateObject())
            {
                if (property.NameEquals(segment))
                {
                    next = property.Value;
                }
            }

            if (next is not { } found)
            {
                return null;
            }

            element = found;
        }

        return element;
    }

    private static StoredEvent Read(string json)
    {
        Assert.True(StoredEventReader.TryRead(Encoding.UTF8.GetBytes(json), 42, out var e), json);
        return e;
    }
}
