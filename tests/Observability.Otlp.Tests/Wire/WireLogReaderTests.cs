using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Observability.Events;
using Observability.Inbound;
using Observability.Otlp;
using Observability.Otlp.Wire;
using OpenTelemetry.Proto.Collector.Logs.V1;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Logs.V1;

namespace Observability.Otlp.Tests.Wire;

/// <summary>
/// The reader in place against Google.Protobuf's decode of the same bytes: the same documents (text, and envelopes byte
/// for byte under the shipped rules and a rule that reads every kind of path), or no answer where it leaves the request
/// to the decoder, never a different one.
/// </summary>
public sealed class WireLogReaderTests
{
    private static readonly InboundMapping Shipped = InboundMapping.Load();
    private static readonly InboundMapping EveryPath = LogRecordDocumentTests.EveryPathMapping("[]");

    [Theory]
    [InlineData("agents/claude-code-session-logs.json")]
    [InlineData("agents/codex-logs.json")]
    [InlineData("agents/gemini-cli-logs.json")]
    [InlineData("otlp-example-logs.json")]
    public void TryRead_FixtureAsProtobuf_SameDocumentsAsTheDecoder(string fixture)
    {
        var request = OtlpDecoder.DecodeLogs(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", fixture)), OtlpEncoding.Json);

        var compared = AssertSameDocuments(request.ToByteArray(), new OtlpContext());

        Assert.True(compared > 0);
    }

    [Fact]
    public void TryRead_EveryKindOfValue_SameDocumentsAsTheDecoder()
    {
        Assert.Equal(1, AssertSameDocuments(LogRecordDocumentTests.EdgeRequest().ToByteArray(), LogRecordDocumentTests.EdgeContext()));
    }

    [Fact]
    public void TryRead_RandomRequests_SameDocumentsAsTheDecoder()
    {
        var random = new Random(20261205);
        var records = 0;
        for (var i = 0; i < 300; i++)
        {
            records += AssertSameDocuments(RandomRequest(random).ToByteArray(), LogRecordDocumentTests.EdgeContext());
        }

        Assert.True(records > 300, $"{records} records compared");
    }

    [Fact]
    public void TryRead_EveryTruncation_RefusedWhereverTheDecoderRefuses()
    {
        var bytes = LogRecordDocumentTests.EdgeRequest().ToByteArray();
        var refused = 0;
        for (var length = 0; length < bytes.Length; length++)
        {
            var prefix = bytes[..length];
            var decoded = Decode(prefix);
            var read = WireLogReader.TryRead(prefix, new OtlpContext());
            if (decoded is null)
            {
                refused++;
                Assert.True(read is null, $"a prefix of {length} bytes the decoder refuses was read");
            }
            else if (read is not null)
            {
                AssertSameDocuments(prefix, new OtlpContext());
            }
        }

        Assert.True(refused > bytes.Length / 2, $"only {refused} of {bytes.Length} prefixes refused");
    }

    [Fact]
    public void TryRead_SessionIdAsItsUtf8_IdIsSha256OfTheRuleAndPartsAsBefore()
    {
        // The session id reaches the id's hash as the body's own bytes: the id must be the one its definition gives.
        var record = new LogRecord { EventName = "claude_code.api_request", TimeUnixNano = 1_765_103_400_000_000_000 };
        record.Attributes.Add(new KeyValue { Key = "session.id", Value = new AnyValue { StringValue = "séance-✓-\"q\"" } });
        record.Attributes.Add(new KeyValue { Key = "event.sequence", Value = new AnyValue { IntValue = 7 } });
        record.Attributes.Add(new KeyValue { Key = "model", Value = new AnyValue { StringValue = "claude-ünï" } });
        var request = new ExportLogsServiceRequest { ResourceLogs = { new ResourceLogs { ScopeLogs = { new ScopeLogs { LogRecords = { record } } } } } };

        using var read = WireLogReader.TryRead(request.ToByteArray(), new OtlpContext());
        var e = Shipped.Translate(LogDocuments.Kind, read!.Items[0]).Events.Single();

        var hash = System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes("claude_code.api_request\u001fséance-✓-\"q\"\u001f7"));
        Assert.Equal("cc-" + Convert.ToHexStringLower(hash.AsSpan(0, 16)), e.Id);
        using var envelope = System.Text.Json.JsonDocument.Parse(e.Json);
        Assert.Equal("séance-✓-\"q\"", envelope.RootElement.GetProperty("entityId").GetString());
        Assert.Equal("claude-ünï", envelope.RootElement.GetProperty("agent").GetProperty("model").GetString());
    }

    [Fact]
    public void TryRead_FieldsTheDecoderMerges_LeftToTheDecoder()
    {
        var request = LogRecordDocumentTests.EdgeRequest();
        var record = request.ResourceLogs[0].ScopeLogs[0].LogRecords[0];

        // The body given twice: Google.Protobuf merges the two messages.
        var twice = new ExportLogsServiceRequest(request);
        var body = new LogRecord { Body = new AnyValue { StringValue = "second" } }.ToByteArray();
        var recordBytes = record.ToByteArray().Concat(body).ToArray();
        var bytes = Wrap(recordBytes, request);
        Assert.NotNull(Decode(bytes));
        Assert.Null(WireLogReader.TryRead(bytes, new OtlpContext()));

        // An unknown field as a group (wire type 3): skipped by the decoder, left to it here.
        byte[] grouped = [.. record.ToByteArray(), .. Tag(99, 3), .. Tag(1, 0), 0x03, .. Tag(99, 4)];
        Assert.NotNull(Decode(Wrap(grouped, request)));
        Assert.Null(WireLogReader.TryRead(Wrap(grouped, request), new OtlpContext()));
    }

    [Theory]
    [InlineData("key")]
    [InlineData("value")]
    [InlineData("nested")]
    [InlineData("eventName")]
    [InlineData("severityText")]
    [InlineData("scope")]
    public void TryRead_StringThatIsNotUtf8_LeftToTheDecoderWhichRefusesIt(string where)
    {
        var request = LogRecordDocumentTests.EdgeRequest();
        var record = request.ResourceLogs[0].ScopeLogs[0].LogRecords[0];
        const string Marker = "MARKER";
        switch (where)
        {
            case "key": record.Attributes.Add(new KeyValue { Key = Marker, Value = new AnyValue { StringValue = "v" } }); break;
            case "value": record.Attributes.Add(new KeyValue { Key = "k", Value = new AnyValue { StringValue = Marker } }); break;
            case "nested": record.Attributes[^1].Value = new AnyValue { KvlistValue = new KeyValueList { Values = { new KeyValue { Key = "k", Value = new AnyValue { StringValue = Marker } } } } }; break;
            case "eventName": record.EventName = Marker; break;
            case "severityText": record.SeverityText = Marker; break;
            default: request.ResourceLogs[0].ScopeLogs[0].Scope.Name = Marker; break;
        }

        var bytes = request.ToByteArray();
        var at = bytes.AsSpan().IndexOf(Encoding.ASCII.GetBytes(Marker));
        bytes[at] = 0xFF;

        Assert.Null(Decode(bytes));
        Assert.Null(WireLogReader.TryRead(bytes, new OtlpContext()));
    }

    [Fact]
    public void TryRead_UnknownFieldsEverywhere_SkippedAsTheDecoderSkipsThem()
    {
        var request = LogRecordDocumentTests.EdgeRequest();
        byte[] unknown = [.. Tag(77, 0), 0x05, .. Tag(78, 2), 0x02, 0x41, 0x42, .. Tag(79, 5), 1, 2, 3, 4, .. Tag(80, 1), 1, 2, 3, 4, 5, 6, 7, 8];
        var record = request.ResourceLogs[0].ScopeLogs[0].LogRecords[0].ToByteArray().Concat(unknown).ToArray();

        Assert.Equal(1, AssertSameDocuments(Wrap(record, request).Concat(unknown).ToArray(), LogRecordDocumentTests.EdgeContext()));
    }

    // Reads the bytes both ways and compares every record; returns how many.
    private static int AssertSameDocuments(byte[] bytes, OtlpContext context)
    {
        using var read = WireLogReader.TryRead(bytes, context);
        Assert.NotNull(read);
        using var decoded = LogDocuments.Build(ExportLogsServiceRequest.Parser.ParseFrom(bytes), context);
        Assert.Equal(decoded.Items.Count, read.Items.Count);
        for (var i = 0; i < read.Items.Count; i++)
        {
            Assert.Equal(decoded.Items[i].ToJsonText(), read.Items[i].ToJsonText());
            foreach (var mapping in new[] { Shipped, EveryPath })
            {
                var expected = mapping.Translate(LogDocuments.Kind, decoded.Items[i]);
                var actual = mapping.Translate(LogDocuments.Kind, read.Items[i]);
                Assert.Equal(
                    expected.Events.Select(e => (e.Rule, e.Id, Encoding.UTF8.GetString(e.Json.Span))),
                    actual.Events.Select(e => (e.Rule, e.Id, Encoding.UTF8.GetString(e.Json.Span))));
                foreach (var e in actual.Events)
                {
                    AssertLayoutReadsAsTheBytes(e, mustFit: mapping == Shipped);
                }
            }
        }

        return read.Items.Count;
    }

    // Ingestion builds the envelope from the layout its writer recorded: the event the reader reads from its bytes.
    private static void AssertLayoutReadsAsTheBytes(InboundEvent e, bool mustFit)
    {
        Assert.True(!mustFit || StoredEventReader.Fits(e.Json.Span, e.Layout), $"{e.Rule}: the layout does not fit {Encoding.UTF8.GetString(e.Json.Span)}");
        var read = StoredEventReader.Validate(e.Json, out var expected, out var expectedId);
        var laid = StoredEventReader.Validate(e.Json, e.Layout, out var actual, out var actualId);
        Assert.Equal((read?.Field, read?.Reason, expectedId), (laid?.Field, laid?.Reason, actualId));
        Assert.Equal(Fields(expected), Fields(actual));
        foreach (var name in expected.Metadata.IsObject ? JsonDocument.Parse(expected.Metadata.Raw.ToArray()).RootElement.EnumerateObject().Select(p => p.Name) : [])
        {
            Assert.True(actual.Metadata.TryGet(name, out var value), name);
            Assert.True(expected.Metadata.TryGet(name, out var original), name);
            Assert.Equal((original.Kind, original.Escaped, Encoding.UTF8.GetString(original.Raw)), (value.Kind, value.Escaped, Encoding.UTF8.GetString(value.Raw)));
        }

        static string Fields(in StoredEvent e) => e.IsEmpty ? "(none)" : string.Join(
            " | ", e.Id, e.Timestamp.ToString("O"), e.EventType, e.EntityType, e.EntityId, e.ChainId, e.RequestId, e.Model, e.Role, e.TokensInput,
            e.TokensOutput, e.Metadata.Count, Encoding.UTF8.GetString(e.Metadata.Raw));
    }

    private static ExportLogsServiceRequest? Decode(byte[] bytes)
    {
        try
        {
            return ExportLogsServiceRequest.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException)
        {
            return null;
        }
    }

    // The request's resource and scope around one record given as raw bytes.
    private static byte[] Wrap(byte[] record, ExportLogsServiceRequest template)
    {
        var scopeLogs = new ScopeLogs { Scope = template.ResourceLogs[0].ScopeLogs[0].Scope }.ToByteArray();
        var scope = scopeLogs.Concat(Field(2, record)).ToArray();
        var resourceLogs = new ResourceLogs { Resource = template.ResourceLogs[0].Resource }.ToByteArray().Concat(Field(2, scope)).ToArray();
        return Field(1, resourceLogs);
    }

    private static byte[] Tag(int number, int wireType)
    {
        using var stream = new MemoryStream();
        var output = new CodedOutputStream(stream);
        output.WriteTag(number, (WireFormat.WireType)wireType);
        output.Flush();
        return stream.ToArray();
    }

    private static byte[] Field(int number, byte[] content)
    {
        using var stream = new MemoryStream();
        var output = new CodedOutputStream(stream);
        output.WriteTag(number, WireFormat.WireType.LengthDelimited);
        output.WriteBytes(ByteString.CopyFrom(content));
        output.Flush();
        return stream.ToArray();
    }

    private static readonly string[] Keys = ["a", "a.b", "b", "session.id", "event.name", "event.sequence", "task", "team.id", "dup", "x", "x.y", "x.y.z", "s", "i", "list", "kv", "flag", "d", "model", "project"];

    private static ExportLogsServiceRequest RandomRequest(Random random)
    {
        var request = new ExportLogsServiceRequest();
        for (var r = random.Next(1, 3); r > 0; r--)
        {
            var resourceLogs = new ResourceLogs();
            if (random.Next(4) > 0)
            {
                resourceLogs.Resource = new OpenTelemetry.Proto.Resource.V1.Resource();
                resourceLogs.Resource.Attributes.AddRange(Attributes(random, 0));
            }

            for (var s = random.Next(1, 3); s > 0; s--)
            {
                var scopeLogs = new ScopeLogs();
                if (random.Next(3) > 0)
                {
                    scopeLogs.Scope = new InstrumentationScope { Name = Word(random), Version = random.Next(2) == 0 ? "" : "1.0" };
                }

                for (var n = random.Next(0, 4); n > 0; n--)
                {
                    scopeLogs.LogRecords.Add(RandomRecord(random));
                }

                resourceLogs.ScopeLogs.Add(scopeLogs);
            }

            request.ResourceLogs.Add(resourceLogs);
        }

        return request;
    }

    private static LogRecord RandomRecord(Random random)
    {
        var record = new LogRecord
        {
            TimeUnixNano = random.Next(3) == 0 ? 0 : (ulong)random.NextInt64(1, long.MaxValue),
            ObservedTimeUnixNano = random.Next(2) == 0 ? 0 : (ulong)random.NextInt64(1, long.MaxValue),
            SeverityNumber = (SeverityNumber)random.Next(0, 25),
            SeverityText = random.Next(2) == 0 ? "" : Word(random),
            EventName = random.Next(3) == 0 ? Word(random) : "",
        };
        if (random.Next(3) == 0)
        {
            record.TraceId = ByteString.CopyFrom([.. Enumerable.Range(0, 16).Select(_ => (byte)random.Next(256))]);
            record.SpanId = ByteString.CopyFrom([.. Enumerable.Range(0, 8).Select(_ => (byte)random.Next(256))]);
        }

        record.Body = random.Next(4) switch
        {
            0 => null,
            1 => new AnyValue { StringValue = random.Next(2) == 0 ? "claude_code.api_request" : "prose with spaces" },
            _ => RandomValue(random, 0),
        };
        record.Attributes.AddRange(Attributes(random, 0));
        return record;
    }

    private static IEnumerable<KeyValue> Attributes(Random random, int depth) =>
        [.. Enumerable.Range(0, random.Next(0, 8)).Select(_ => new KeyValue { Key = Keys[random.Next(Keys.Length)], Value = random.Next(12) == 0 ? null : RandomValue(random, depth) })];

    private static AnyValue RandomValue(Random random, int depth)
    {
        var value = new AnyValue();
        switch (random.Next(depth < 3 ? 9 : 7))
        {
            case 0: value.StringValue = random.Next(5) == 0 ? "" : Word(random); break;
            case 1: value.BoolValue = random.Next(2) == 0; break;
            case 2: value.IntValue = random.Next(4) == 0 ? random.NextInt64(long.MinValue, long.MaxValue) : random.Next(-5, 100); break;
            case 3: value.DoubleValue = random.Next(6) switch { 0 => double.NaN, 1 => double.PositiveInfinity, 2 => 3.0, _ => random.NextDouble() * 1000 }; break;
            case 4: value.BytesValue = ByteString.CopyFrom([.. Enumerable.Range(0, random.Next(0, 6)).Select(_ => (byte)random.Next(256))]); break;
            case 5: value.StringValue = "claude_code." + Word(random); break;
            case 6: break;
            case 7:
                value.ArrayValue = new ArrayValue();
                value.ArrayValue.Values.AddRange([.. Enumerable.Range(0, random.Next(0, 4)).Select(_ => RandomValue(random, depth + 1))]);
                break;
            default:
                value.KvlistValue = new KeyValueList();
                value.KvlistValue.Values.AddRange(Attributes(random, depth + 1));
                break;
        }

        return value;
    }

    private static string Word(Random random) => random.Next(6) switch
    {
        0 => "ünïcødé-" + random.Next(100),
        1 => "with \"quotes\" and \\ slashes",
        _ => "w" + random.Next(1000),
    };
}
