using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Reflection;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Observability.Metrics.Exposition;
using Observability.Metrics.Tests.Support;
using Pn = Prometheus;

namespace Observability.Metrics.Tests.PrometheusNet;

/// <summary>
/// What the sidecar needs from a metrics library, checked against prometheus-net 8.2.1 (and prometheus-net.AspNetCore
/// 8.2.1) through its public API and a real Kestrel endpoint, beside ours. These are the evidence for the README's
/// capability matrix: each test asserts what prometheus-net does today, so a release that adds a missing capability
/// fails its test and the decision is taken again.
/// </summary>
public sealed class PrometheusNetCapabilityTests
{
    private static readonly double[] Bounds = [0.1, 1, 10];
    private static readonly double[] Observations = [0.05, 0.5, 0.5, 5, 50];

    public static TheoryData<string, ExpositionFormat, ExpositionFormat> AcceptHeaders => new()
    {
        // Prometheus 2.x default.
        { "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1", ExpositionFormat.OpenMetrics, ExpositionFormat.OpenMetrics },

        // Prometheus 3.0 default.
        { "application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.5,application/openmetrics-text;version=0.0.1;q=0.4,text/plain;version=1.0.0;escaping=allow-utf-8;q=0.3,text/plain;version=0.0.4;q=0.2,*/*;q=0.1", ExpositionFormat.OpenMetrics, ExpositionFormat.OpenMetrics },

        // Later Prometheus 3.x defaults (underscore escaping; UTF-8 names allowed), and protobuf first (native histograms).
        { "application/openmetrics-text;version=1.0.0;escaping=underscores;q=0.6,application/openmetrics-text;version=0.0.1;q=0.5,text/plain;version=1.0.0;escaping=underscores;q=0.4,text/plain;version=0.0.4;q=0.3,*/*;q=0.2", ExpositionFormat.OpenMetrics, ExpositionFormat.OpenMetrics },
        { "application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.6,application/openmetrics-text;version=0.0.1;q=0.5,text/plain;version=1.0.0;escaping=allow-utf-8;q=0.4,text/plain;version=0.0.4;q=0.3,*/*;q=0.2", ExpositionFormat.OpenMetrics, ExpositionFormat.OpenMetrics },
        { "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited;q=0.6,application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.5,application/openmetrics-text;version=0.0.1;q=0.4,text/plain;version=1.0.0;escaping=allow-utf-8;q=0.3,text/plain;version=0.0.4;q=0.2,*/*;q=0.1", ExpositionFormat.OpenMetrics, ExpositionFormat.OpenMetrics },

        // Prometheus 3.x with scrape_protocols: [PrometheusText0.0.4], and a browser or curl.
        { "text/plain;version=0.0.4;q=0.5,*/*;q=0.4", ExpositionFormat.PrometheusText, ExpositionFormat.PrometheusText },
        { "*/*", ExpositionFormat.PrometheusText, ExpositionFormat.PrometheusText },

        // A version neither writes: ours falls back to text; prometheus-net ignores the version and sends 1.0.0.
        { "application/openmetrics-text;version=2.0.0", ExpositionFormat.PrometheusText, ExpositionFormat.OpenMetrics },
    };

    [Theory]
    [MemberData(nameof(AcceptHeaders))]
    public async Task Negotiation_PrometheusAcceptHeader_FormatEachLibraryServes(string accept, ExpositionFormat ours, ExpositionFormat theirs)
    {
        await using var endpoint = await PrometheusNetEndpoint.StartAsync(PrometheusNetRegistries.EdgeCases(), Compression.None);
        using var client = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, endpoint.Metrics);
        request.Headers.TryAddWithoutValidation("Accept", accept);

        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(ours, ExpositionNegotiator.SelectFormat(accept));
        Assert.Equal(ExpositionNegotiator.ContentTypeOf(theirs), response.Content.Headers.ContentType?.ToString());
        Assert.Equal(theirs == ExpositionFormat.OpenMetrics, body.EndsWith("# EOF\n", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(Compression.None, false, false)]
    [InlineData(Compression.DefaultTypes, true, false)]
    [InlineData(Compression.WithOpenMetrics, true, true)]
    public async Task Gzip_PrometheusNetEndpoint_OnlyThroughResponseCompressionConfiguredForOpenMetrics(
        Compression compression, bool textGzipped, bool openMetricsGzipped)
    {
        await using var endpoint = await PrometheusNetEndpoint.StartAsync(PrometheusNetRegistries.EdgeCases(), compression);
        using var client = new HttpClient(new HttpClientHandler { AutomaticDecompression = DecompressionMethods.None });

        var text = await ScrapeAsync(client, endpoint.Metrics, "text/plain;version=0.0.4");
        var openMetrics = await ScrapeAsync(client, endpoint.Metrics, "application/openmetrics-text;version=1.0.0");

        // Ours compresses whenever Accept-Encoding allows it, in both formats (ExpositionNegotiator.AcceptsGzip).
        Assert.True(ExpositionNegotiator.AcceptsGzip("gzip"));
        Assert.Equal(textGzipped, text.Gzipped);
        Assert.Equal(openMetricsGzipped, openMetrics.Gzipped);
        Assert.StartsWith("# HELP ", text.Body, StringComparison.Ordinal);
        Assert.EndsWith("# EOF\n", openMetrics.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SeriesCap_PrometheusNet_HasNoCapAndNoOverflowSeries()
    {
        const int labelSets = MetricRegistryOptions.DefaultMaxSeriesPerFamily + 500;
        var ours = new MetricRegistry().CreateCounter("requests_total", "help", "tenant");
        var (registry, factory) = PrometheusNetRegistries.Create();
        var theirs = factory.CreateCounter("requests_total", "help", ["tenant"]);
        for (var i = 0; i < labelSets; i++)
        {
            var tenant = "tenant-" + i.ToString(CultureInfo.InvariantCulture);
            ours.WithLabels(tenant).Inc();
            theirs.WithLabels(tenant).Inc();
        }

        var text = await PrometheusNetRegistries.CollectStringAsync(registry, Pn.ExpositionFormat.PrometheusText);

        Assert.Equal(MetricRegistryOptions.DefaultMaxSeriesPerFamily + 1, ours.SeriesCount);
        Assert.Equal(500, ours.ExportSeries().Single(s => s.IsOverflow).Value);
        Assert.Equal(labelSets, text.Split('\n').Count(l => l.StartsWith("requests_total{", StringComparison.Ordinal)));
        Assert.DoesNotContain(MetricFamily<Counter>.OverflowLabelValue, text, StringComparison.Ordinal);

        // Nothing in the public configuration could bound it: no setting named for a cap, limit or overflow.
        Type[] settings = [typeof(Pn.MetricConfiguration), typeof(Pn.CounterConfiguration), typeof(Pn.GaugeConfiguration),
            typeof(Pn.HistogramConfiguration), typeof(Pn.MetricFactory), typeof(Pn.CollectorRegistry)];
        var names = settings.SelectMany(t => t.GetMembers(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static)).Select(m => m.Name);
        Assert.DoesNotContain(names, n => n.Contains("Max", StringComparison.OrdinalIgnoreCase)
            || n.Contains("Limit", StringComparison.OrdinalIgnoreCase)
            || n.Contains("Cardinality", StringComparison.OrdinalIgnoreCase)
            || n.Contains("Overflow", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void HistogramState_PrometheusNet_PublicApiReadsOnlyCountAndSum()
    {
        // What the state snapshot needs per histogram series: its bucket counts and its sum, read and written back.
        var instance = BindingFlags.Public | BindingFlags.Instance;
        var readable = typeof(Pn.Histogram.Child).GetProperties(instance).Select(p => p.Name).Order(StringComparer.Ordinal);
        var writers = typeof(Pn.Histogram.Child).GetMethods(instance)
            .Where(m => m.DeclaringType == typeof(Pn.Histogram.Child) && !m.IsSpecialName)
            .Select(m => m.Name + "(" + string.Join(", ", m.GetParameters().Select(p => p.ParameterType.Name)) + ")")
            .Order(StringComparer.Ordinal);

        Assert.Equal(["Count", "Sum"], readable);
        Assert.Equal(["Observe(Double)", "Observe(Double, Exemplar)", "Observe(Double, Int64)"], writers);
        Assert.DoesNotContain(
            typeof(Pn.Histogram).GetMembers(instance).Concat(typeof(Pn.Histogram.Child).GetMembers(instance)),
            m => IsNumbers((m as PropertyInfo)?.PropertyType) || IsNumbers((m as MethodInfo)?.ReturnType));

        static bool IsNumbers(Type? type) => type is { IsArray: true } && type.GetElementType() is var e && (e == typeof(long) || e == typeof(double));
    }

    [Fact]
    public async Task HistogramState_RestoredBySyntheticObservations_BucketsMatchSumDoesNot()
    {
        // The closest prometheus-net gets without a fork: bucket counts parsed back out of its own exposition, then
        // replayed as Observe(bound, count). Buckets and count come back; the sum is the bounds', not the observations'.
        var (original, factory) = PrometheusNetRegistries.Create();
        var histogram = factory.CreateHistogram("latency_seconds", "help", new Pn.HistogramConfiguration { LabelNames = ["route"], Buckets = Bounds });
        foreach (var value in Observations)
        {
            histogram.WithLabels("/a").Observe(value);
        }

        var exported = Samples(await PrometheusNetRegistries.CollectStringAsync(original, Pn.ExpositionFormat.PrometheusText));
        var (restored, restoredFactory) = PrometheusNetRegistries.Create();
        var child = restoredFactory.CreateHistogram("latency_seconds", "help", new Pn.HistogramConfiguration { LabelNames = ["route"], Buckets = Bounds })
            .WithLabels("/a");
        var previous = 0L;
        foreach (var bound in Bounds.Append(double.PositiveInfinity))
        {
            var le = double.IsPositiveInfinity(bound) ? "+Inf" : bound.ToString(CultureInfo.InvariantCulture);
            var cumulative = (long)exported[$"latency_seconds_bucket{{route=\"/a\",le=\"{le}\"}}"];
            child.Observe(double.IsPositiveInfinity(bound) ? Bounds[^1] * 2 : bound, cumulative - previous);
            previous = cumulative;
        }

        var back = Samples(await PrometheusNetRegistries.CollectStringAsync(restored, Pn.ExpositionFormat.PrometheusText));

        Assert.All(exported.Where(s => !s.Key.StartsWith("latency_seconds_sum", StringComparison.Ordinal)), s => Assert.Equal(s.Value, back[s.Key]));
        Assert.Equal(Observations.Sum(), exported["latency_seconds_sum{route=\"/a\"}"], 9);
        Assert.NotEqual(exported["latency_seconds_sum{route=\"/a\"}"], back["latency_seconds_sum{route=\"/a\"}"]);

        // Ours: ExportSeries/ImportSeries restore buckets, sum and _created, and the exposition is the same bytes.
        var ours = new MetricRegistry(new MetricRegistryOptions { TimeProvider = new FakeTimeProvider(GoldenRegistries.Clock) });
        var family = ours.CreateHistogram("latency_seconds", "help", Bounds, "route");
        foreach (var value in Observations)
        {
            family.WithLabels("/a").Observe(value);
        }

        var copy = new MetricRegistry(new MetricRegistryOptions { TimeProvider = new FakeTimeProvider(GoldenRegistries.Clock.AddHours(1)) });
        copy.CreateHistogram("latency_seconds", "help", Bounds, "route").ImportSeries(family.ExportSeries());
        Assert.Equal(Family(ours), Family(copy));

        static string[] Family(MetricRegistry registry) =>
            [.. registry.CollectAsString(ExpositionFormat.OpenMetrics).Split('\n').Where(l => l.StartsWith("latency_seconds", StringComparison.Ordinal))];
    }

    [Fact]
    public async Task CounterAndGaugeState_PrometheusNet_RestoredThroughValueIncToAndSet()
    {
        // Counters and gauges are the part prometheus-net can export and restore: Value, IncTo and Set are public.
        var (original, factory) = PrometheusNetRegistries.Create();
        var counter = factory.CreateCounter("events_total", "help", ["kind"]);
        var gauge = factory.CreateGauge("level", "help", ["kind"]);
        counter.WithLabels("a").Inc(0.1);
        counter.WithLabels("a").Inc(0.2);
        gauge.WithLabels("a").Set(-3.5);

        var (restored, restoredFactory) = PrometheusNetRegistries.Create();
        var restoredCounter = restoredFactory.CreateCounter("events_total", "help", ["kind"]);
        var restoredGauge = restoredFactory.CreateGauge("level", "help", ["kind"]);
        foreach (var labels in counter.GetAllLabelValues())
        {
            restoredCounter.WithLabels(labels).IncTo(counter.WithLabels(labels).Value);
        }

        foreach (var labels in gauge.GetAllLabelValues())
        {
            restoredGauge.WithLabels(labels).Set(gauge.WithLabels(labels).Value);
        }

        Assert.Equal(
            await PrometheusNetRegistries.CollectStringAsync(original, Pn.ExpositionFormat.PrometheusText),
            await PrometheusNetRegistries.CollectStringAsync(restored, Pn.ExpositionFormat.PrometheusText));
    }

    [Fact]
    public async Task KnownLabelSets_BothLibraries_WrittenAtZeroBeforeTheFirstUpdate()
    {
        var ours = new MetricRegistry();
        ours.CreateCounter("lint_errors_total", "help", new MetricOptions { LabelNames = ["severity"], KnownLabelSets = [["error"], ["warning"]] });
        var (registry, factory) = PrometheusNetRegistries.Create();
        var theirs = factory.CreateCounter("lint_errors_total", "help", ["severity"]);
        theirs.WithLabels("error");
        theirs.WithLabels("warning");

        var oursText = ours.CollectAsString(ExpositionFormat.PrometheusText);
        var theirsText = await PrometheusNetRegistries.CollectStringAsync(registry, Pn.ExpositionFormat.PrometheusText);

        foreach (var line in (string[])["lint_errors_total{severity=\"error\"} 0\n", "lint_errors_total{severity=\"warning\"} 0\n"])
        {
            Assert.Contains(line, oursText, StringComparison.Ordinal);
            Assert.Contains(line, theirsText, StringComparison.Ordinal);
        }
    }

    private static async Task<(bool Gzipped, string Body)> ScrapeAsync(HttpClient client, Uri url, string accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("Accept", accept);
        request.Headers.TryAddWithoutValidation("Accept-Encoding", "gzip");
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var gzipped = response.Content.Headers.ContentEncoding.Contains("gzip");
        var bytes = await response.Content.ReadAsByteArrayAsync();
        if (gzipped)
        {
            using var unzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
            using var plain = new MemoryStream();
            await unzip.CopyToAsync(plain);
            bytes = plain.ToArray();
        }

        return (gzipped, Encoding.UTF8.GetString(bytes));
    }

    /// <summary>Sample lines as name-and-labels to value (text format, no timestamps or exemplars).</summary>
    private static Dictionary<string, double> Samples(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(l => l[0] != '#')
            .ToDictionary(l => l[..l.LastIndexOf(' ')], l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture), StringComparer.Ordinal);
}
