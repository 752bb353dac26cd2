using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Observability.Events.Tests;

/// <summary>
/// An event built from the layout its writer recorded is the event the reader reads from the same bytes: every field,
/// every metadata property, every path, and the same first problem when the envelope is invalid.
/// </summary>
public sealed class StoredEventReaderLayoutTests
{
    private static readonly JsonWriterOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static TheoryData<string> Envelopes => new()
    {
        """{"id":"e1","timestamp":"2026-11-21T10:00:00Z","eventType":"task:completed","entityId":"T-1","agent":{"model":"m1","role":"impl","tokens":{"input":1200,"output":300}},"metadata":{"taskType":"spec","durationSeconds":12.5}}""",
        """{"id":"e2","timestamp":"2026-11-21T10:00:00.1234567+05:30","eventType":"chain:created","entityType":"chain","entityId":"C-1","chainId":"C-1","requestId":"R-1"}""",
        """{"metadata":{"a":{"b":[1,2,{"c":null}]},"ok":true,"no":false,"nothing":null},"extra":[{"x":1}],"eventType":"task:started","timestamp":"2026-11-21T10:00:00-0130","id":"e3","entityId":"T-3","source":"otlp"}""",
        """{"id":"cc-\"quoted\"\\","timestamp":"2026-11-21T10:00:00Z","eventType":"llm:call","entityId":"S \"1\"","agent":{"model":"m\u00e9 \u2603"},"metadata":{"na\"me":"v\\al\nue","caf\u00e9":"th\u00e9","empty":{},"list":[]}}""",
        """{"id":"e5","timestamp":"2026-11-21T10:00:00Z","eventType":"task:completed","entityId":"T-5","agent":{"model":"first","tokens":{"input":1}},"agent":{"role":"second"},"metadata":{"a":1},"metadata":{"b":2}}""",
        """{"id":"e6","timestamp":"2026-11-21T10:00:00Z","eventType":"task:completed","entityId":"T-6","agent":{"tokens":{"input":1,"input":2,"output":-0.5e3}},"metadata":{"a":1,"a":"again"}}""",
        """{"id":"e7","timestamp":"2026-11-21T10:00:00Z","eventType":"task:completed","entityId":"T-7","agent":"not an object","metadata":"not an object either"}""",
        """{"id":"e8","timestamp":"2026-11-21T10:00:00Z","eventType":"task:completed","entityId":"T-8","agent":{"tokens":[1,2]},"metadata":{}}""",
        """{"id":"e9","timestamp":"not a time","eventType":"task:completed","entityId":"T-9"}""",
        """{"timestamp":"2026-11-21T10:00:00Z","eventType":"task:completed","entityId":"T-10"}""",
        """{"id":"e11","timestamp":"2026-11-21T10:00:00Z","eventType":"Task Completed","entityId":"T-11"}""",
        """{"id":"e12","timestamp":"2026-11-21T10:00:00Z","eventType":"task:completed","entityType":"chain","entityId":"T-12"}""",
        """{"id":"e13","timestamp":"2026-11-21T10:00:00Z","eventType":"task:completed","entityId":"T-13","agent":{"tokens":{"input":1e300}}}""",
        """{"id":14,"timestamp":"2026-11-21T10:00:00Z","eventType":"task:completed","entityId":"T-14"}""",
        """{"id":"e15","timestamp":"2026-11-21T10:00:00Z","eventType":"task:completed","entityId":null,"chainId":7}""",
    };

    [Theory]
    [MemberData(nameof(Envelopes))]
    public void Validate_WithTheLayoutItsWriterRecorded_TheEventTheReaderReads(string json)
    {
        var (payload, layout) = Write(json, whole: []);

        Assert.True(StoredEventReader.Fits(payload, layout));
        AssertSame(payload, layout);
    }

    [Theory]
    [MemberData(nameof(Envelopes))]
    public void Validate_ObjectsWrittenWhole_TheEventTheReaderReads(string json)
    {
        // The writer did not record agent's, tokens' or metadata's members: the reader reads them.
        var (payload, layout) = Write(json, whole: ["agent", "tokens", "metadata"]);

        AssertSame(payload, layout);
    }

    [Fact]
    public void Fits_ObjectWrittenWholeWithMembers_DoesNotFit()
    {
        const string Json = """{"id":"e1","timestamp":"2026-11-21T10:00:00Z","eventType":"task:completed","entityId":"T-1","metadata":{"k":"v"}}""";

        Assert.True(StoredEventReader.Fits(Encoding.UTF8.GetBytes(Json), Write(Json, whole: []).Layout));
        Assert.False(StoredEventReader.Fits(Encoding.UTF8.GetBytes(Json), Write(Json, whole: ["metadata"]).Layout));
    }

    [Fact]
    public void Fits_EscapedEnvelopeName_LeftToTheReader()
    {
        // An escaped name is compared by its unescaped text, which only the reader does.
        var payload = Encoding.UTF8.GetBytes("""{"\u0069d":"e1"}""");
        var (_, layout) = Write("""{"xxxxxxx":"e1"}""", whole: []);

        Assert.False(StoredEventReader.Fits(payload, layout));
        var problem = StoredEventReader.Validate(payload, layout, out _, out var id);
        Assert.Equal(("e1", "timestamp"), (id, problem?.Field));
    }

    [Fact]
    public void Validate_LayoutOfOtherBytes_ReadsTheBytesInstead()
    {
        var (_, layout) = Write("""{"id":"short","timestamp":"2026-11-21T10:00:00Z","eventType":"task:completed","entityId":"T-1"}""", whole: []);
        var other = Encoding.UTF8.GetBytes("""{"id":"a-much-longer-id","timestamp":"2026-11-21T10:00:00Z","eventType":"task:started","entityId":"T-2","metadata":{"k":"v"}}""");

        Assert.Null(StoredEventReader.Validate(other, layout, out var e, out var id));

        Assert.Equal(("a-much-longer-id", "task:started", "T-2", "v"), (id, e.EventType, e.EntityId, e.Metadata.Text("k"u8)));
    }

    [Fact]
    public void Validate_MetadataLaidOut_PropertiesAtTheirOffsets()
    {
        var (payload, layout) = Write("""{"id":"e1","timestamp":"2026-11-21T10:00:00Z","eventType":"task:completed","entityId":"T-1","metadata":{"taskType":"spec","n":3,"q":"a\"b"}}""", whole: []);

        Assert.Null(StoredEventReader.Validate(payload, layout, out var e, out _));

        Assert.Equal(3, e.Metadata.Count);
        Assert.Equal("spec", e.Metadata.Text("taskType"u8));
        Assert.Equal(3, e.Metadata.Number("n"u8));
        Assert.Equal("a\"b", e.Metadata.Text("q"u8));
    }

    // The writer's way: each property recorded around its name and value; the named objects written whole.
    internal static (byte[] Payload, EventLayout Layout) Write(string json, string[] whole)
    {
        using var document = JsonDocument.Parse(json);
        var buffer = new ArrayBufferWriter<byte>();
        var recorder = new EventLayoutRecorder();
        using (var writer = new Utf8JsonWriter(buffer, Relaxed))
        {
            writer.WriteStartObject();
            WriteMembers(writer, recorder, document.RootElement, whole);
            writer.WriteEndObject();
        }

        return (buffer.WrittenSpan.ToArray(), recorder.ToLayout());
    }

    private static void WriteMembers(Utf8JsonWriter writer, EventLayoutRecorder recorder, JsonElement element, string[] whole)
    {
        foreach (var property in element.EnumerateObject())
        {
            writer.WritePropertyName(property.Name);
            var entry = recorder.Value(writer);
            if (property.Value.ValueKind == JsonValueKind.Object && property.Value.EnumerateObject().Any() && !whole.Contains(property.Name))
            {
                writer.WriteStartObject();
                WriteMembers(writer, recorder, property.Value, whole);
                writer.WriteEndObject();
            }
            else
            {
                property.Value.WriteTo(writer);
            }

            recorder.End(entry, writer);
        }
    }

    private static void AssertSame(byte[] payload, EventLayout layout)
    {
        var read = StoredEventReader.Validate(payload, out var expected, out var expectedId, new PropertyTable());
        var laid = StoredEventReader.Validate(payload, layout, out var actual, out var actualId, new PropertyTable());

        Assert.Equal(read?.Field, laid?.Field);
        Assert.Equal(read?.Reason, laid?.Reason);
        Assert.Equal(expectedId, actualId);
        Assert.Equal(Describe(expected, payload), Describe(actual, payload));
    }

    // Everything a reader of the event can ask it, as text.
    private static string Describe(in StoredEvent e, byte[] payload)
    {
        if (e.IsEmpty)
        {
            return "(no event)";
        }

        var text = new StringBuilder()
            .AppendLine($"{e.Sequence} {e.Id} {e.Timestamp:O} {e.EventType} {e.EntityType} {e.EntityId} {e.ChainId} {e.RequestId}")
            .AppendLine($"{e.Model} {e.Role} {e.TokensInput} {e.TokensOutput} {e.Payload.Length}")
            .AppendLine($"metadata {e.Metadata.IsObject} {e.Metadata.Count} {Encoding.UTF8.GetString(e.Metadata.Raw)}");
        Span<byte> id = stackalloc byte[e.IdUtf8MaxLength];
        text.AppendLine(Encoding.UTF8.GetString(id[..e.IdUtf8(id)]));
        foreach (var name in Names(payload))
        {
            if (e.Metadata.TryGet(name, out var value))
            {
                text.AppendLine($"metadata.{name} {value.Kind} {value.Escaped} {Encoding.UTF8.GetString(value.Raw)}");
            }
        }

        foreach (var path in new[] { "agent", "agent.model", "agent.tokens", "agent.tokens.input", "metadata", "extra", "source", "id", "metadata.a.b" })
        {
            if (e.TryGetPath([.. path.Split('.').Select(Encoding.UTF8.GetBytes)], out var value))
            {
                text.AppendLine($"{path} {value.Kind} {Encoding.UTF8.GetString(value.Raw)}");
            }
        }

        return text.ToString();
    }

    // Every property name anywhere in the payload: the metadata is asked for each.
    private static IEnumerable<string> Names(byte[] payload)
    {
        var names = new List<string>();
        var reader = new Utf8JsonReader(payload);
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName)
            {
                names.Add(reader.GetString()!);
            }
        }

        return names.Distinct();
    }
}
