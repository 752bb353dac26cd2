using System.IO.Compression;
using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Observability.Metrics.Exposition;
using Pn = Prometheus;

namespace Observability.Benchmarks;

/// <summary>
/// A full scrape of the ~66,000-line registry, ours (<see cref="ScrapeRegistry"/>) against the same registry in
/// prometheus-net 8.2.1 (<see cref="PrometheusNetScrapeRegistry"/>), each written to <see cref="Stream.Null"/> the
/// way its server writes a response. Ours: <c>Collect(format, gzip)</c> then <c>WriteToAsync</c>, as the sidecar
/// does. prometheus-net: <c>CollectAndExportAsTextAsync</c> into the response stream, which for gzip is what
/// ASP.NET Core's response compression puts there, a <see cref="GZipStream"/> at its default
/// <see cref="CompressionLevel.Fastest"/> (prometheus-net does not compress by itself).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 5)]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class ExpositionVsPrometheusNetBenchmarks
{
    private MetricRegistry _ours = null!;
    private Pn.CollectorRegistry _pn = null!;

    [GlobalSetup]
    public void Setup()
    {
        _ours = ScrapeRegistry.Build();
        _pn = PrometheusNetScrapeRegistry.Build();
        foreach (var format in (ExpositionFormat[])[ExpositionFormat.PrometheusText, ExpositionFormat.OpenMetrics])
        {
            using var payload = _ours.Collect(format);
            using var oursGzip = new MemoryStream();
            payload.WriteToAsync(oursGzip, gzip: true).GetAwaiter().GetResult();
            Describe("ours", format, payload.ToArray(), oursGzip.Length);

            using var pnText = new MemoryStream();
            _pn.CollectAndExportAsTextAsync(pnText, PnFormat(format)).GetAwaiter().GetResult();
            using var pnGzip = new MemoryStream();
            ScrapePrometheusNet(pnGzip, format, gzip: true).GetAwaiter().GetResult();
            Describe("prometheus-net", format, pnText.ToArray(), pnGzip.Length);
        }
    }

    [Benchmark(Baseline = true, Description = "ours: scrape 66k lines, text")]
    [BenchmarkCategory("text")]
    public Task OursText() => ScrapeOurs(ExpositionFormat.PrometheusText, gzip: false);

    [Benchmark(Description = "prometheus-net: scrape 66k lines, text")]
    [BenchmarkCategory("text")]
    public Task PnText() => ScrapePrometheusNet(Stream.Null, ExpositionFormat.PrometheusText, gzip: false);

    [Benchmark(Baseline = true, Description = "ours: scrape 66k lines, OpenMetrics")]
    [BenchmarkCategory("OpenMetrics")]
    public Task OursOpenMetrics() => ScrapeOurs(ExpositionFormat.OpenMetrics, gzip: false);

    [Benchmark(Description = "prometheus-net: scrape 66k lines, OpenMetrics")]
    [BenchmarkCategory("OpenMetrics")]
    public Task PnOpenMetrics() => ScrapePrometheusNet(Stream.Null, ExpositionFormat.OpenMetrics, gzip: false);

    [Benchmark(Baseline = true, Description = "ours: scrape 66k lines, text + gzip")]
    [BenchmarkCategory("text + gzip")]
    public Task OursTextGzip() => ScrapeOurs(ExpositionFormat.PrometheusText, gzip: true);

    [Benchmark(Description = "prometheus-net: scrape 66k lines, text + gzip")]
    [BenchmarkCategory("text + gzip")]
    public Task PnTextGzip() => ScrapePrometheusNet(Stream.Null, ExpositionFormat.PrometheusText, gzip: true);

    [Benchmark(Baseline = true, Description = "ours: scrape 66k lines, OpenMetrics + gzip")]
    [BenchmarkCategory("OpenMetrics + gzip")]
    public Task OursOpenMetricsGzip() => ScrapeOurs(ExpositionFormat.OpenMetrics, gzip: true);

    [Benchmark(Description = "prometheus-net: scrape 66k lines, OpenMetrics + gzip")]
    [BenchmarkCategory("OpenMetrics + gzip")]
    public Task PnOpenMetricsGzip() => ScrapePrometheusNet(Stream.Null, ExpositionFormat.OpenMetrics, gzip: true);

    private static Pn.ExpositionFormat PnFormat(ExpositionFormat format) =>
        format == ExpositionFormat.OpenMetrics ? Pn.ExpositionFormat.OpenMetricsText : Pn.ExpositionFormat.PrometheusText;

    private static void Describe(string library, ExpositionFormat format, byte[] text, long gzipBytes)
    {
        var lines = Encoding.UTF8.GetString(text).Split('\n').Count(l => l.Length > 0 && l[0] != '#');
        Console.WriteLine($"// {library} {format}: {text.Length:N0} bytes, {lines:N0} sample lines, gzip {gzipBytes:N0} bytes");
    }

    private async Task ScrapeOurs(ExpositionFormat format, bool gzip)
    {
        using var payload = _ours.Collect(format, gzip);
        await payload.WriteToAsync(Stream.Null).ConfigureAwait(false);
    }

    private async Task ScrapePrometheusNet(Stream body, ExpositionFormat format, bool gzip)
    {
        if (!gzip)
        {
            await _pn.CollectAndExportAsTextAsync(body, PnFormat(format)).ConfigureAwait(false);
            return;
        }

        var compressed = new GZipStream(body, CompressionLevel.Fastest, leaveOpen: true);
        await using (compressed.ConfigureAwait(false))
        {
            await _pn.CollectAndExportAsTextAsync(compressed, PnFormat(format)).ConfigureAwait(false);
        }
    }
}
