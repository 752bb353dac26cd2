using BenchmarkDotNet.Attributes;
using Observability.Metrics.Exposition;

namespace Observability.Benchmarks;

/// <summary>
/// A full scrape of the ~66,000-line registry (<see cref="ScrapeRegistry"/>): collect, then write to a
/// sink, plain or gzip-compressed as the payload does it for an HTTP response.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 5)]
public class ExpositionBenchmarks
{
    private MetricRegistry _registry = null!;

    [GlobalSetup]
    public void Setup()
    {
        _registry = ScrapeRegistry.Build();
        foreach (var format in (ExpositionFormat[])[ExpositionFormat.PrometheusText, ExpositionFormat.OpenMetrics])
        {
            using var payload = _registry.Collect(format);
            var text = System.Text.Encoding.UTF8.GetString(payload.ToArray());
            var lines = text.Split('\n').Count(l => l.Length > 0 && l[0] != '#');
            using var compressed = new MemoryStream();
            payload.WriteToAsync(compressed, gzip: true).GetAwaiter().GetResult();
            Console.WriteLine(
                $"// exposition {format}: {payload.Length:N0} bytes, {lines:N0} sample lines, gzip {compressed.Length:N0} bytes");
        }
    }

    [Benchmark(Description = "scrape 66k lines: text")]
    public Task Text() => Scrape(ExpositionFormat.PrometheusText, gzip: false);

    [Benchmark(Description = "scrape 66k lines: OpenMetrics")]
    public Task OpenMetrics() => Scrape(ExpositionFormat.OpenMetrics, gzip: false);

    [Benchmark(Description = "scrape 66k lines: text + gzip")]
    public Task TextGzip() => Scrape(ExpositionFormat.PrometheusText, gzip: true);

    [Benchmark(Description = "scrape 66k lines: OpenMetrics + gzip")]
    public Task OpenMetricsGzip() => Scrape(ExpositionFormat.OpenMetrics, gzip: true);

    private async Task Scrape(ExpositionFormat format, bool gzip)
    {
        using var payload = _registry.Collect(format, gzip);
        await payload.WriteToAsync(Stream.Null).ConfigureAwait(false);
    }
}
