using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Observability.Inbound;
using Observability.Inbound.Expressions;
using Observability.Otlp.Wire;
using OpenTelemetry.Proto.Collector.Logs.V1;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Logs.V1;

namespace Observability.Otlp.Tests.Wire;

/// <summary>
/// Attributes found by their key's hash first: the attribute comparing every key's bytes finds, the last of a repeated
/// key, the longest key first, whatever the keys' bytes and whichever keys share a hash.
/// </summary>
public sealed class WireLogRequestTests
{
    // Keys that differ only beyond their first and last eight bytes: the same hash (checked below).
    private const string Twin = "aaaaaaaa.x.zzzzzzzz";
    private const string OtherTwin = "aaaaaaaa.y.zzzzzzzz";

    [Fact]
    public void Last_KeysSharingAHash_TheOneWithTheKeysBytes()
    {
        Assert.Equal(Hash(Twin), Hash(OtherTwin));

        using var request = Request(Twin, OtherTwin);
        using var reversed = Request(OtherTwin, Twin);

        Assert.Equal(0, Last(request, 0, 2, Twin));
        Assert.Equal(1, Last(request, 0, 2, OtherTwin));
        Assert.Equal(1, Last(reversed, 0, 2, Twin));
        Assert.Equal(0, Last(reversed, 0, 2, OtherTwin));
        Assert.Equal(-1, Last(request, 1, 1, Twin));
    }

    [Fact]
    public void Last_RepeatedKey_TheLastOne()
    {
        using var request = Request("dup", "x", "dup", OtherTwin, "y");

        Assert.Equal(2, Last(request, 0, 5, "dup"));
        Assert.Equal(0, Last(request, 0, 2, "dup"));
    }

    [Fact]
    public void Last_KeyOnlyOutsideTheRecordsAttributes_NotFound()
    {
        using var request = Request("a", "b", "c", "a");

        Assert.Equal(-1, Last(request, 1, 2, "a"));
        Assert.Equal(3, Last(request, 1, 3, "a"));
        Assert.Equal(-1, Last(request, 0, 4, "absent"));
        Assert.Equal(-1, Last(request, 2, 0, "c"));
    }

    [Fact]
    public void Last_NonAsciiKeys_ComparedAsTheirUtf8()
    {
        using var request = Request("clé", "cle", "séance.id", "seance.id", "ключ");

        Assert.Equal(0, Last(request, 0, 5, "clé"));
        Assert.Equal(1, Last(request, 0, 5, "cle"));
        Assert.Equal(2, Last(request, 0, 5, "séance.id"));
        Assert.Equal(4, Last(request, 0, 5, "ключ"));
        Assert.Equal(-1, Last(request, 0, 5, "ключи"));
    }

    [Fact]
    public void Last_ManyAttributesAndManyTwins_TheLastWithTheKeysBytes()
    {
        // Longer than a vector of hashes, with the hash found again and again before the bytes match.
        string[] keys = [.. Enumerable.Range(0, 40).Select(i => i % 3 == 0 ? Twin : i % 3 == 1 ? OtherTwin : "k" + i)];
        using var request = Request(keys);

        for (var count = 1; count <= keys.Length; count++)
        {
            foreach (var key in new[] { Twin, OtherTwin, "k5", "k38", "absent" })
            {
                Assert.Equal(Array.LastIndexOf(keys, key, count - 1), Last(request, 0, count, key));
            }
        }
    }

    [Fact]
    public void TryName_KeysOfTheContextAndOthers_NamesOnlyTheContextsOwn()
    {
        var context = new OtlpContext(new Dictionary<string, string> { [Twin] = "team", ["clé"] = "project", ["task.id"] = "taskId" });

        Assert.True(context.TryName(Encoding.UTF8.GetBytes(Twin), Hash(Twin), out var team));
        Assert.Equal("team", team);
        Assert.True(context.TryName(Encoding.UTF8.GetBytes("clé"), Hash("clé"), out var project));
        Assert.Equal("project", project);
        Assert.False(context.TryName(Encoding.UTF8.GetBytes(OtherTwin), Hash(OtherTwin), out _));
        Assert.False(context.TryName(Encoding.UTF8.GetBytes("cle"), Hash("cle"), out _));
        Assert.False(context.TryName(Encoding.UTF8.GetBytes("task"), Hash("task"), out _));
        foreach (var (key, name) in OtlpContext.DefaultKeys)
        {
            Assert.True(new OtlpContext().TryName(Encoding.UTF8.GetBytes(key), Hash(key), out var found));
            Assert.Equal(name, found);
        }
    }

    [Fact]
    public void Translate_DotsRepeatsTwinsAndNonAsciiKeys_TheDecodersEnvelopeWithTheExpectedValues()
    {
        var context = new OtlpContext(new Dictionary<string, string> { [Twin] = "team", ["clé"] = "project" });
        string[] paths =
        [
            "attributes.session.id", "attributes.a.b.c", "attributes.dup", $"attributes.{Twin}", $"attributes.{OtherTwin}",
            "attributes.seance.id", "attributes.cle", "attributes.missing", "resource.service.name",
            $"resource.{OtherTwin}", $"resource.{Twin}", "context.team", "context.project",
        ];
        var yaml = new StringBuilder("""
            rules:
              - name: lookups
                kind: otlp.log
                when: ["attributes.dup"]
                id: [attributes.session.id, attributes.cle]
                idPrefix: t
                source: "'test'"
                event:
                  eventType: "'agent:event'"

            """);
        for (var i = 0; i < paths.Length; i++)
        {
            yaml.Append("      metadata.p").Append(i).Append(": ").Append(paths[i]).Append('\n');
        }

        var mapping = InboundMapping.FromYaml(("lookups.yaml", yaml.ToString()));
        var bytes = LookupRequest().ToByteArray();

        using var read = WireLogReader.TryRead(bytes, context);
        using var decoded = LogDocuments.Build(ExportLogsServiceRequest.Parser.ParseFrom(bytes), context);
        var wire = Assert.Single(mapping.Translate(LogDocuments.Kind, read!.Items[0]).Events);
        var expected = Assert.Single(mapping.Translate(LogDocuments.Kind, decoded.Items[0]).Events);

        Assert.Equal(expected.Id, wire.Id);
        Assert.Equal(Encoding.UTF8.GetString(expected.Json.Span), Encoding.UTF8.GetString(wire.Json.Span));
        var metadata = JsonDocument.Parse(wire.Json).RootElement.GetProperty("metadata");
        string?[] values = [.. paths.Select((_, i) => metadata.TryGetProperty($"p{i}", out var value) ? value.GetString() : null)];
        string?[] found = ["s-1", "inner", "second", "twin", "other twin", "plain-1", "plain", null, "svc", "resource twin", null, "twin", "k"];
        Assert.Equal(found, values);
    }

    [Fact]
    public void Find_PathsToNonAsciiKeys_TheirValuesReadInPlaceDecodedOrAsJson()
    {
        // The rules' expressions name ASCII paths only; a path made in code may name any key.
        var bytes = LookupRequest().ToByteArray();
        using var read = WireLogReader.TryRead(bytes, new OtlpContext());
        using var decoded = LogDocuments.Build(ExportLogsServiceRequest.Parser.ParseFrom(bytes), new OtlpContext());
        using var json = JsonDocument.Parse(decoded.Items[0].ToJsonText());

        foreach (var document in new[] { read!.Items[0], decoded.Items[0], InboundDocument.Of(json.RootElement) })
        {
            Assert.Equal("é-1", document.Find(new DocumentPath("attributes.séance.id")).AsText());
            Assert.Equal("k", document.Find(new DocumentPath("attributes.clé")).AsText());
            Assert.Equal("plain", document.Find(new DocumentPath("attributes.cle")).AsText());
            Assert.False(document.Find(new DocumentPath("attributes.clé.x")).IsPresent);
        }
    }

    [Fact]
    public void Find_PathPreparedByAnotherTypeOfDocument_PreparedAgainWithTheSameAnswers()
    {
        var bytes = LookupRequest().ToByteArray();
        using var read = WireLogReader.TryRead(bytes, new OtlpContext());
        using var decoded = LogDocuments.Build(ExportLogsServiceRequest.Parser.ParseFrom(bytes), new OtlpContext());
        using var json = JsonDocument.Parse(decoded.Items[0].ToJsonText());
        var attribute = new DocumentPath("attributes.session.id");
        var name = new DocumentPath("name");
        var unknown = new DocumentPath("unknown");

        foreach (var document in new[] { read!.Items[0], decoded.Items[0], InboundDocument.Of(json.RootElement), read.Items[0] })
        {
            attribute.Prepared = "another type's";
            name.Prepared = "another type's";
            unknown.Prepared = new object();

            Assert.Equal("s-1", document.Find(attribute).AsText());
            Assert.Equal("s-1", document.Find(attribute).AsText());
            Assert.Equal("lookup.event", document.Find(name).AsText());
            Assert.False(document.Find(unknown).IsPresent);
        }
    }

    private static ExportLogsServiceRequest LookupRequest()
    {
        var record = new LogRecord { EventName = "lookup.event", TimeUnixNano = 1_765_103_400_000_000_000 };
        foreach (var (key, value) in new (string, AnyValue)[]
        {
            ("session", KeyValues(("id", Text("nested")))), ("session.id", Text("s-1")), ("a", KeyValues(("b.c", Text("inner")))),
            ("dup", Text("first")), (Twin, Text("twin")), ("dup", Text("second")), (OtherTwin, Text("other twin")),
            ("séance.id", Text("é-1")), ("clé", Text("k")), ("seance.id", Text("plain-1")), ("cle", Text("plain")),
        })
        {
            record.Attributes.Add(new KeyValue { Key = key, Value = value });
        }

        var resource = new OpenTelemetry.Proto.Resource.V1.Resource();
        resource.Attributes.Add(new KeyValue { Key = "service", Value = KeyValues(("name", Text("nested"))) });
        resource.Attributes.Add(new KeyValue { Key = "service.name", Value = Text("svc") });
        resource.Attributes.Add(new KeyValue { Key = OtherTwin, Value = Text("resource twin") });
        var request = new ExportLogsServiceRequest();
        request.ResourceLogs.Add(new ResourceLogs { Resource = resource, ScopeLogs = { new ScopeLogs { LogRecords = { record } } } });
        return request;
    }

    // A request whose body holds the keys one after another, each an attribute with no value.
    private static WireLogRequest Request(params string[] keys)
    {
        var request = new WireLogRequest(Encoding.UTF8.GetBytes(string.Concat(keys)), new OtlpContext());
        var at = 0;
        foreach (var key in keys)
        {
            var length = Encoding.UTF8.GetByteCount(key);
            request.Add(new WireAttribute(at, length, 0, -1, AnyValue.ValueOneofCase.None, 0, 0, 0));
            at += length;
        }

        return request;
    }

    private static int Last(WireLogRequest request, int first, int count, string key) =>
        request.Last(first, count, Encoding.UTF8.GetBytes(key), Hash(key));

    private static int Hash(string key) => KeyHash.Of(Encoding.UTF8.GetBytes(key));

    private static AnyValue Text(string text) => new() { StringValue = text };

    private static AnyValue KeyValues(params (string Key, AnyValue Value)[] entries)
    {
        var value = new AnyValue { KvlistValue = new KeyValueList() };
        foreach (var (key, entry) in entries)
        {
            value.KvlistValue.Values.Add(new KeyValue { Key = key, Value = entry });
        }

        return value;
    }
}
