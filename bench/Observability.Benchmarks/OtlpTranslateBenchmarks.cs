using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Observability.Inbound;
using Observability.Otlp;

namespace Observability.Benchmarks;

/// <summary>
/// One OTLP/HTTP request of 512 Claude Code records (the bench template): read in place (what the receiver does) beside
/// Google.Protobuf's decode, and the shipped rules over the records read in place, over the decoded records, and over
/// the same records as parsed JSON documents (what the receiver did first, the baseline). Per request; divide by 512 for
/// a record. Translating in place includes making the strings the rules ask for, which the decode made before.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class OtlpTranslateBenchmarks
{
    private readonly InboundMapping _mapping = InboundMapping.Load();
    private readonly OtlpContext _context = new();
    private byte[] _body = null!;
    private SourceDocuments _records = null!;
    private SourceDocuments _wire = null!;
    private JsonDocument _json = null!;
    private InboundDocument[] _jsonDocuments = null!;

    [GlobalSetup]
    public void Setup()
    {
        var path = Path.Combine(Path.GetTempPath(), $"otlp-translate-{Environment.ProcessId}.pb");
        OtlpTemplate.Write(path, 512);
        _body = File.ReadAllBytes(path);
        File.Delete(path);
        _records = LogDocuments.Build(OtlpDecoder.DecodeLogs(_body, OtlpEncoding.Protobuf), _context);
        _wire = Observability.Otlp.Wire.WireLogReader.TryRead(_body, _context)!;
        _json = JsonDocument.Parse("[" + string.Join(",", _records.Items.Select(d => d.ToJsonText())) + "]");
        _jsonDocuments = [.. _json.RootElement.EnumerateArray().Select(InboundDocument.Of)];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _records.Dispose();
        _wire.Dispose();
        _json.Dispose();
    }

    [Benchmark]
    public int Decode() => OtlpDecoder.DecodeLogs(_body, OtlpEncoding.Protobuf).ResourceLogs.Count;

    [Benchmark]
    public int DecodeAndDocuments()
    {
        using var documents = LogDocuments.Build(OtlpDecoder.DecodeLogs(_body, OtlpEncoding.Protobuf), _context);
        return documents.Items.Count;
    }

    [Benchmark]
    public int ReadInPlace()
    {
        using var documents = Observability.Otlp.Wire.WireLogReader.TryRead(_body, _context)!;
        return documents.Items.Count;
    }

    [Benchmark]
    public int TranslateRecords() => Translate(_records.Items);

    [Benchmark]
    public int TranslateInPlace() => Translate(_wire.Items);

    [Benchmark(Baseline = true)]
    public int TranslateJsonDocuments() => Translate(_jsonDocuments);

    private int Translate(IReadOnlyList<InboundDocument> documents)
    {
        var events = 0;
        foreach (var document in documents)
        {
            events += _mapping.Translate(LogDocuments.Kind, document).Events.Count;
        }

        return events;
    }
}
