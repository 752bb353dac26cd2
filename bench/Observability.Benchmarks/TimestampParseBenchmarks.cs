using System.Buffers.Text;
using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using Observability.Events;

namespace Observability.Benchmarks;

/// <summary>
/// The strict event timestamp parser (every event, at ingestion and at replay) against the BCL's parsers, on the
/// timestamps events carry. README "What stays hand-written, and why" quotes the figures.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class TimestampParseBenchmarks
{
    // What DateTimeOffset.TryParseExact needs to accept what the strict parser accepts (a zone required).
    private static readonly string[] IsoFormats =
    [
        "yyyy-MM-ddTHH:mmK", "yyyy-MM-ddTHH:mm:ssK", "yyyy-MM-ddTHH:mm:ss.FFFFFFFK",
        "yyyy-MM-ddTHH:mmzzz", "yyyy-MM-ddTHH:mm:sszzz", "yyyy-MM-ddTHH:mm:ss.FFFFFFFzzz",
    ];

    [Params("2025-12-07T10:30:00Z", "2025-12-07T10:30:00.123+02:00")]
    public string Timestamp { get; set; } = null!;

    [Benchmark(Baseline = true, Description = "IsoTimestamp (ours, strict)")]
    public bool Ours() => IsoTimestamp.TryParse(Timestamp, out _);

    [Benchmark(Description = "DateTimeOffset.TryParseExact, 6 ISO formats")]
    public bool TryParseExact() => DateTimeOffset.TryParseExact(Timestamp, IsoFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    [Benchmark(Description = "DateTimeOffset.TryParse (lenient: no zone needed)")]
    public bool TryParse() => DateTimeOffset.TryParse(Timestamp, CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    [Benchmark(Description = "Utf8Parser 'O' (only 7 fraction digits)")]
    public bool Utf8ParserO() => Utf8Parser.TryParse(Encoding.ASCII.GetBytes(Timestamp), out DateTimeOffset _, out _, 'O');
}
