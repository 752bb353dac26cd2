using Observability.Metrics.Exposition;

namespace Observability.Metrics.Tests.Exposition;

public sealed class ExpositionNegotiatorTests
{
    [Theory]

    // Prometheus 2.x default scrape Accept header.
    [InlineData("application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1", ExpositionFormat.OpenMetrics)]

    // Prometheus 3.x default scrape Accept header.
    [InlineData("application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.5,application/openmetrics-text;version=0.0.1;q=0.4,text/plain;version=1.0.0;escaping=allow-utf-8;q=0.3,text/plain;version=0.0.4;q=0.2,*/*;q=0.1", ExpositionFormat.OpenMetrics)]

    // Prometheus 3.x with scrape_protocols: [PrometheusText0.0.4].
    [InlineData("text/plain;version=0.0.4;q=0.5,*/*;q=0.4", ExpositionFormat.PrometheusText)]

    // Prometheus 2.x with exemplars off in older versions: text preferred.
    [InlineData("text/plain;version=0.0.4;q=1,*/*;q=0.1", ExpositionFormat.PrometheusText)]
    [InlineData("application/openmetrics-text; version=0.0.1; q=0.9, text/plain; q=0.5", ExpositionFormat.OpenMetrics)]
    [InlineData("text/plain;q=0.9, application/openmetrics-text;q=0.95", ExpositionFormat.OpenMetrics)]
    [InlineData("application/openmetrics-text;q=0, text/plain", ExpositionFormat.PrometheusText)]
    [InlineData("application/openmetrics-text;version=2.0.0", ExpositionFormat.PrometheusText)]
    [InlineData("application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited", ExpositionFormat.PrometheusText)]
    [InlineData("APPLICATION/OPENMETRICS-TEXT", ExpositionFormat.OpenMetrics)]
    [InlineData("*/*", ExpositionFormat.PrometheusText)]
    [InlineData("", ExpositionFormat.PrometheusText)]
    [InlineData(null, ExpositionFormat.PrometheusText)]
    [InlineData("application/openmetrics-text;q=abc, text/plain;q=0.1", ExpositionFormat.PrometheusText)]
    public void SelectFormat_AcceptHeader_PicksHighestQuality(string? accept, ExpositionFormat expected)
    {
        Assert.Equal(expected, ExpositionNegotiator.SelectFormat(accept));
    }

    [Theory]
    [InlineData("gzip", true)]
    [InlineData("gzip, deflate, br", true)]
    [InlineData("br;q=1.0, gzip;q=0.8", true)]
    [InlineData("*", true)]
    [InlineData("gzip;q=0", false)]
    [InlineData("identity", false)]
    [InlineData("deflate", false)]
    [InlineData(null, false)]
    public void AcceptsGzip_AcceptEncoding_HonoursQValues(string? acceptEncoding, bool expected)
    {
        Assert.Equal(expected, ExpositionNegotiator.AcceptsGzip(acceptEncoding));
    }

    [Fact]
    public void ContentTypeOf_EachFormat_IsExact()
    {
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", ExpositionNegotiator.ContentTypeOf(ExpositionFormat.PrometheusText));
        Assert.Equal("application/openmetrics-text; version=1.0.0; charset=utf-8", ExpositionNegotiator.ContentTypeOf(ExpositionFormat.OpenMetrics));
    }

    [Fact]
    public async Task WriteToAsync_Gzip_DecompressesToSameBytes()
    {
        var registry = Support.GoldenRegistries.EdgeCases();
        using var payload = registry.Collect(ExpositionFormat.OpenMetrics);
        using var compressed = new MemoryStream();

        await payload.WriteToAsync(compressed, gzip: true);
        compressed.Position = 0;
        using var gunzip = new System.IO.Compression.GZipStream(compressed, System.IO.Compression.CompressionMode.Decompress);
        using var plain = new MemoryStream();
        await gunzip.CopyToAsync(plain);

        Assert.Equal(payload.ToArray(), plain.ToArray());
        Assert.True(compressed.Length < payload.Length);
    }

    [Fact]
    public async Task Collect_WithGzipOnLargeRegistry_IsOneGzipMemberOfTheSameBytes()
    {
        // Large enough for many 256 KiB chunks, so compression overlaps collection.
        var registry = new MetricRegistry();
        var family = registry.CreateHistogram("big_seconds", "help", new MetricOptions { LabelNames = ["id"], MaxSeries = 20_000 });
        for (var i = 0; i < 20_000; i++)
        {
            family.WithLabels("series-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)).Observe(i * 0.001);
        }

        using var plain = registry.Collect(ExpositionFormat.PrometheusText);
        using var compressed = registry.Collect(ExpositionFormat.PrometheusText, gzip: true);
        using var sent = new MemoryStream();
        await compressed.WriteToAsync(sent);

        Assert.True(compressed.IsGzip);
        Assert.True(plain.Length > 2 * 1024 * 1024);
        Assert.Equal(sent.Length, compressed.Length);
        sent.Position = 0;
        using var gunzip = new System.IO.Compression.GZipStream(sent, System.IO.Compression.CompressionMode.Decompress);
        using var result = new MemoryStream();
        await gunzip.CopyToAsync(result);
        Assert.Equal(plain.ToArray(), result.ToArray());
        await Assert.ThrowsAsync<InvalidOperationException>(() => compressed.WriteToAsync(Stream.Null, gzip: false));
    }

    [Fact]
    public void Collect_WithGzipWhenACollectorThrows_PropagatesAndLeavesRegistryUsable()
    {
        var registry = new MetricRegistry();
        registry.CreateCounter("c_total", "help").Unlabelled.Inc(3);
        var fail = true;
        registry.AddCollectCallback(() =>
        {
            if (fail)
            {
                throw new InvalidOperationException("collector broke");
            }
        });

        Assert.Throws<InvalidOperationException>(() => registry.Collect(ExpositionFormat.PrometheusText, gzip: true));
        fail = false;
        using var payload = registry.Collect(ExpositionFormat.PrometheusText, gzip: true);

        // Even an empty body gzips to a few bytes: what counts is that it holds the whole exposition.
        Assert.True(payload.IsGzip);
        using var unzipped = new StreamReader(new System.IO.Compression.GZipStream(new MemoryStream(payload.ToArray()), System.IO.Compression.CompressionMode.Decompress));
        var text = unzipped.ReadToEnd();
        Assert.Contains("# TYPE c_total counter\nc_total 3\n", text, StringComparison.Ordinal);
        Assert.Equal(registry.CollectAsString(ExpositionFormat.PrometheusText), text);
    }
}
