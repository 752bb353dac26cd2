using System.Globalization;
using System.Text;
using Observability.Metrics.Exposition;

namespace Observability.Metrics.Tests.Integration;

/// <summary>
/// A real Prometheus 2.42 scrapes our registries over HTTP in both formats; its HTTP API must then hold
/// exactly the samples (names, unescaped label values, exact float64 values), <c>le</c> strings and
/// exemplars the registry model predicts. Assertions poll (bounded) because scrapes are asynchronous.
/// </summary>
public sealed class PrometheusScrapeTests(PrometheusScrapeFixture fixture) : IClassFixture<PrometheusScrapeFixture>
{
    /// <summary>The Accept header Prometheus 2.42 sends on every scrape.</summary>
    public const string Prometheus242Accept =
        "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

    /// <summary>How long a comparison may keep failing: scrapes are every second, so data converges in a few.</summary>
    private static readonly TimeSpan Convergence = TimeSpan.FromSeconds(60);

    /// <summary>A mismatch unchanged over this many scrape intervals is final: fail without waiting out <see cref="Convergence"/>.</summary>
    private static readonly TimeSpan Settled = TimeSpan.FromSeconds(20);

    public static TheoryData<string> MainJobs => [.. PrometheusScrapeFixture.MainJobs.Keys];

    public static TheoryData<string> OpenMetricsJobs => ["openmetrics", "negotiated"];

    public static TheoryData<int, ExpositionFormat> FuzzJobs
    {
        get
        {
            var data = new TheoryData<int, ExpositionFormat>();
            foreach (var seed in PrometheusScrapeFixture.FuzzSeeds)
            {
                data.Add(seed, ExpositionFormat.PrometheusText);
                data.Add(seed, ExpositionFormat.OpenMetrics);
            }

            return data;
        }
    }

    public static TheoryData<int> FuzzSeeds => [.. PrometheusScrapeFixture.FuzzSeeds];

    [Theory]
    [MemberData(nameof(MainJobs))]
    public async Task Scrape_EachJob_IsUp(string job)
    {
        await Poll.UntilAsync($"up{{job=\"{job}\"}} == 1", async () =>
        {
            var up = await fixture.Prometheus.QueryAsync($"up{{job=\"{job}\"}}");
            return up.Count == 1 && up[0].Value == 1 ? null : $"up: [{string.Join(", ", up.Select(s => s.Value))}]";
        });
    }

    [Theory]
    [MemberData(nameof(MainJobs))]
    public async Task Scrape_EachJob_StoresEverySampleWithItsExactValue(string job)
    {
        var expected = fixture.Scenario.Samples(FormatOf(job));

        await Poll.UntilAsync(
            $"job {job} to hold exactly the registry's {expected.Count} samples",
            () => CompareSamplesAsync(job, expected),
            Convergence,
            Settled);
    }

    [Theory]
    [MemberData(nameof(MainJobs))]
    public async Task Scrape_HistogramLe_IsStoredAsEachFormatWritesIt(string job)
    {
        var expected = FormatOf(job) == ExpositionFormat.OpenMetrics ? ScrapeScenario.OpenMetricsLe : ScrapeScenario.TextLe;

        await Poll.UntilAsync($"le labels of job {job}", async () =>
        {
            var buckets = await fixture.Prometheus.QueryAsync($"itest_latency_seconds_bucket{{job=\"{job}\",route=\"/x\"}}");
            var le = buckets.OrderBy(s => ParseLe(s.Labels["le"])).Select(s => s.Labels["le"]).ToArray();
            return le.SequenceEqual(expected) ? null : $"le: [{string.Join(", ", le)}], expected [{string.Join(", ", expected)}]";
        },
        Convergence,
        Settled);
    }

    [Theory]
    [MemberData(nameof(MainJobs))]
    public async Task Scrape_EscapedLabelValues_ArriveAsTheOriginalStrings(string job)
    {
        var expected = ScrapeScenario.EscapedValues.Select(v => v.Stored).Order(StringComparer.Ordinal).ToArray();

        await Poll.UntilAsync($"the escaped label values of job {job}", async () =>
        {
            var series = await fixture.Prometheus.QueryAsync($"itest_escapes_total{{job=\"{job}\"}}");
            var values = series.Select(s => s.Labels["value"]).Order(StringComparer.Ordinal).ToArray();
            return values.SequenceEqual(expected)
                ? null
                : $"stored:   {string.Join(", ", values.Select(SampleKey.Quote))}\nexpected: {string.Join(", ", expected.Select(SampleKey.Quote))}";
        },
        Convergence,
        Settled);
    }

    [Theory]
    [MemberData(nameof(OpenMetricsJobs))]
    public async Task Scrape_OpenMetricsJob_StoresEveryExemplar(string job)
    {
        var expected = fixture.Scenario.Exemplars();
        Assert.Contains(expected, e => e.Labels.Any(l => l.Value == "e-42"));
        Assert.Contains(expected, e => e.Labels.Any(l => l.Value == "abc123"));

        await Poll.UntilAsync($"the exemplars of job {job}", () => CompareExemplarsAsync(job, expected), Convergence, Settled);
    }

    [Fact]
    public async Task Scrape_TextJob_StoresNoExemplar()
    {
        // Once the OpenMetrics job has its exemplars, the text job (same registry, same scrapes) must have none.
        await Poll.UntilAsync("the exemplars of job openmetrics", () => CompareExemplarsAsync("openmetrics", fixture.Scenario.Exemplars()), Convergence, Settled);

        var exemplars = await fixture.Prometheus.QueryExemplarsAsync("{job=\"text\"}", fixture.Clock);

        Assert.Empty(exemplars);
    }

    [Fact]
    public async Task Scrape_NegotiatedJob_PrometheusAcceptHeaderGetsOpenMetricsGzipped()
    {
        var record = await LastScrapeAsync(PrometheusScrapeFixture.NegotiatedPath);

        Assert.StartsWith("Prometheus/", record.UserAgent, StringComparison.Ordinal);
        Assert.StartsWith("application/openmetrics-text;version=1.0.0", record.Accept, StringComparison.Ordinal);
        if (record.UserAgent.StartsWith("Prometheus/2.42.", StringComparison.Ordinal))
        {
            Assert.Equal(Prometheus242Accept, record.Accept);
        }

        Assert.Equal(ExpositionFormat.OpenMetrics, ExpositionNegotiator.SelectFormat(record.Accept));
        Assert.Equal(ExpositionFormat.OpenMetrics, ExpositionNegotiator.SelectFormat(Prometheus242Accept));
        Assert.Equal(ExpositionFormat.OpenMetrics, record.Format);
        Assert.Equal(ExpositionNegotiator.OpenMetricsContentType, record.ContentType);
        Assert.Contains("gzip", record.AcceptEncoding, StringComparison.Ordinal);
        Assert.True(ExpositionNegotiator.AcceptsGzip(record.AcceptEncoding), $"Accept-Encoding: {record.AcceptEncoding}");
        Assert.Equal("gzip", record.ContentEncoding);
    }

    [Theory]
    [MemberData(nameof(MainJobs))]
    public async Task Scrape_EachJob_GetsItsFormatsContentTypeGzipped(string job)
    {
        var record = await LastScrapeAsync(PrometheusScrapeFixture.MainJobs[job].Path);

        Assert.Equal(FormatOf(job), record.Format);
        Assert.Equal(ExpositionNegotiator.ContentTypeOf(FormatOf(job)), record.ContentType);
        Assert.Equal("gzip", record.ContentEncoding);
    }

    public static TheoryData<string> GoldenJobs => [.. PrometheusScrapeFixture.GoldenJobs.Keys];

    [Theory]
    [MemberData(nameof(GoldenJobs))]
    public async Task Scrape_GoldenRegistryNegotiated_StoresEveryLineOfItsOpenMetricsGoldenFile(string job)
    {
        // The golden .om file is the exposition Prometheus negotiates for this registry; every sample line of it,
        // the _created lines included, must be stored, with _created at the registry clock's creation time.
        var golden = await File.ReadAllLinesAsync(Path.Combine(AppContext.BaseDirectory, "Golden", job["golden-".Length..] + ".om"));
        var sampleLines = golden.Count(l => l.Length > 0 && !l.StartsWith('#'));
        var createdLines = golden.Count(l => l.Contains("_created", StringComparison.Ordinal) && !l.StartsWith('#'));
        Assert.True(createdLines > 0, $"{job}: the golden file has no _created line");

        await Poll.UntilAsync($"job {job} to store the golden file's {sampleLines} samples", async () =>
        {
            var scraped = await fixture.Prometheus.QueryAsync($"scrape_samples_scraped{{job=\"{job}\"}}");
            var created = await fixture.Prometheus.QueryAsync($"{{job=\"{job}\",__name__=~\".+_created\"}}");
            var wrong = created.Where(c => c.Value != Support.GoldenRegistries.Clock.ToUnixTimeMilliseconds() / 1000.0).ToList();
            return scraped.Count == 1 && scraped[0].Value == sampleLines && created.Count == createdLines && wrong.Count == 0
                ? null
                : $"scraped {string.Join(", ", scraped.Select(s => s.Value))} of {sampleLines}; {created.Count} of {createdLines} _created series, {wrong.Count} with another value";
        },
        Convergence,
        Settled);
        var record = await LastScrapeAsync(PrometheusScrapeFixture.GoldenPath(job));
        Assert.Equal(ExpositionFormat.OpenMetrics, record.Format);
    }

    [Theory]
    [MemberData(nameof(FuzzJobs))]
    public async Task Scrape_HostileRegistry_StoresEverySampleWithItsExactValue(int seed, ExpositionFormat format)
    {
        var job = PrometheusScrapeFixture.FuzzJob(seed, format);
        var expected = fixture.Fuzz[seed].Samples(format);

        await Poll.UntilAsync(
            $"job {job} to hold exactly the registry's {expected.Count} samples",
            () => CompareSamplesAsync(job, expected),
            Convergence,
            Settled);
    }

    [Theory]
    [MemberData(nameof(FuzzSeeds))]
    public async Task Scrape_HostileRegistryOpenMetrics_StoresEveryExemplar(int seed)
    {
        var job = PrometheusScrapeFixture.FuzzJob(seed, ExpositionFormat.OpenMetrics);

        await Poll.UntilAsync($"the exemplars of job {job}", () => CompareExemplarsAsync(job, fixture.Fuzz[seed].Exemplars()), Convergence, Settled);
    }

    [Fact]
    public async Task Scrape_AllJobs_PrometheusRejectedNoSample()
    {
        // Samples Prometheus parsed but could not store (out of order, out of bounds, same timestamp with
        // another value) never show in a query; its own counters reveal them. (2.42 drops a repeated series
        // within one scrape without counting it; the exact sample comparisons catch that.) Wait for every
        // job to have been scraped a few times.
        // (Not exemplars: Prometheus counts an unchanged exemplar whose value is NaN as out of order on
        // every scrape, since NaN != NaN defeats its duplicate check.)
        await Poll.UntilAsync("three scrapes of every main job", async () =>
        {
            var counts = await fixture.Prometheus.QueryAsync("count_over_time(up[1m])");
            var few = counts.Where(c => c.Value < 3).Select(c => c.Labels["job"]).ToList();
            return counts.Count > 0 && few.Count == 0 ? null : $"scraped fewer than 3 times: {string.Join(", ", few)}";
        });

        foreach (var counter in (string[])
                 [
                     "prometheus_target_scrapes_sample_duplicate_timestamp_total",
                     "prometheus_target_scrapes_sample_out_of_order_total",
                     "prometheus_target_scrapes_sample_out_of_bounds_total",
                 ])
        {
            Assert.True(await fixture.Prometheus.OwnMetricAsync(counter) == 0, $"{counter} is not 0. Prometheus' log:\n{fixture.Prometheus.Log}");
        }
    }

    private static ExpositionFormat FormatOf(string job) =>
        PrometheusScrapeFixture.MainJobs[job].Format ?? ExpositionFormat.OpenMetrics; // negotiated: Prometheus prefers OpenMetrics.

    private static double ParseLe(string le) => PrometheusServer.ParseValue(le);

    private static bool SameValue(double a, double b) =>
        (double.IsNaN(a) && double.IsNaN(b)) || BitConverter.DoubleToInt64Bits(a) == BitConverter.DoubleToInt64Bits(b);

    private static string Describe(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Diff(string what, IReadOnlyCollection<string> missing, IReadOnlyCollection<string> unexpected, IReadOnlyCollection<string> wrong)
    {
        var report = new StringBuilder();
        foreach (var (title, lines) in (ReadOnlySpan<(string, IReadOnlyCollection<string>)>)
                 [("missing", missing), ("unexpected", unexpected), ("wrong value", wrong)])
        {
            if (lines.Count > 0)
            {
                report.Append(CultureInfo.InvariantCulture, $"{lines.Count} {what} {title}:\n");
                foreach (var line in lines.Take(15))
                {
                    report.Append("  ").Append(line).Append('\n');
                }
            }
        }

        return report.ToString();
    }

    private async Task<ScrapeRecord> LastScrapeAsync(string path)
    {
        ScrapeRecord? record = null;
        await Poll.UntilAsync($"a scrape of {path}", () =>
        {
            record = fixture.Endpoint.LastScrape(path);
            return Task.FromResult(record is null ? "never scraped" : null);
        });
        return record!;
    }

    private async Task<string?> CompareSamplesAsync(string job, IReadOnlyList<ExpectedSample> expected)
    {
        var stored = await fixture.Prometheus.QueryAsync($"{{job=\"{job}\",__name__!~\"up|scrape_.+\"}}");
        var actual = stored.ToDictionary(
            s => SampleKey.Of(s.Labels["__name__"], s.Labels.Where(l => l.Key is not ("__name__" or "job" or "instance"))),
            s => s.Value,
            StringComparer.Ordinal);
        var wanted = expected.ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);

        var missing = wanted.Keys.Where(k => !actual.ContainsKey(k)).ToList();
        var unexpected = actual.Keys.Where(k => !wanted.ContainsKey(k)).ToList();
        var wrong = wanted.Where(w => actual.TryGetValue(w.Key, out var a) && !SameValue(w.Value, a))
            .Select(w => $"{w.Key}: stored {Describe(actual[w.Key])}, expected {Describe(w.Value)}")
            .ToList();
        return missing.Count + unexpected.Count + wrong.Count == 0 ? null : Diff("samples", missing, unexpected, wrong);
    }

    private async Task<string?> CompareExemplarsAsync(string job, IReadOnlyList<ExpectedExemplar> expected)
    {
        var stored = await fixture.Prometheus.QueryExemplarsAsync($"{{job=\"{job}\"}}", fixture.Clock);
        var actual = stored.Select(e => ExemplarKey(
                SampleKey.Of(e.Series["__name__"], e.Series.Where(l => l.Key is not ("__name__" or "job" or "instance"))),
                e.Labels,
                e.Value,
                e.UnixMilliseconds))
            .Order(StringComparer.Ordinal)
            .ToList();
        var wanted = expected.Select(e => ExemplarKey(e.SeriesKey, e.Labels, e.Value, e.UnixMilliseconds)).Order(StringComparer.Ordinal).ToList();

        return actual.SequenceEqual(wanted)
            ? null
            : Diff("exemplars", [.. wanted.Except(actual)], [.. actual.Except(wanted)], []);

        static string ExemplarKey(string series, IEnumerable<KeyValuePair<string, string>> labels, double value, long milliseconds) =>
            $"{series} # {SampleKey.Of(string.Empty, labels)} {Describe(value)} @{milliseconds}";
    }
}
