using Observability.Metrics.Exposition;

namespace Observability.Metrics.Tests.Integration;

/// <summary>
/// One Kestrel endpoint and one real Prometheus (scraping every second, exemplar storage on) shared by
/// the scrape tests. Jobs: <c>text</c> and <c>openmetrics</c> force a format by path; <c>negotiated</c>
/// lets Prometheus' own <c>Accept</c> header choose; <c>fuzz-N-text</c> / <c>fuzz-N-openmetrics</c> serve
/// the hostile random registries.
/// </summary>
public sealed class PrometheusScrapeFixture : IAsyncLifetime
{
    public const string TextPath = "/metrics/text";
    public const string OpenMetricsPath = "/metrics/openmetrics";
    public const string NegotiatedPath = "/metrics";

    public static readonly int[] FuzzSeeds = [.. Enumerable.Range(1, 8)];

    private MetricsEndpoint? _endpoint;
    private PrometheusServer? _prometheus;

    /// <summary>Exemplar timestamps come from this clock: whole milliseconds, a minute ago.</summary>
    public DateTimeOffset Clock { get; } = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeMilliseconds());

    internal RegistryModel Scenario { get; private set; } = null!;

    internal IReadOnlyDictionary<int, RegistryModel> Fuzz { get; private set; } = null!;

    internal MetricsEndpoint Endpoint => _endpoint ?? throw new InvalidOperationException("Not started.");

    internal PrometheusServer Prometheus => _prometheus ?? throw new InvalidOperationException("Not started.");

    /// <summary>Job name to the path it scrapes and the format the registry is served in (null: negotiated).</summary>
    internal static IReadOnlyDictionary<string, (string Path, ExpositionFormat? Format)> MainJobs { get; } =
        new Dictionary<string, (string, ExpositionFormat?)>(StringComparer.Ordinal)
        {
            ["text"] = (TextPath, ExpositionFormat.PrometheusText),
            ["openmetrics"] = (OpenMetricsPath, ExpositionFormat.OpenMetrics),
            ["negotiated"] = (NegotiatedPath, null),
        };

    /// <summary>Job name to the golden registry it scrapes, format negotiated (Prometheus asks for OpenMetrics).</summary>
    internal static IReadOnlyDictionary<string, Func<MetricRegistry>> GoldenJobs { get; } =
        new Dictionary<string, Func<MetricRegistry>>(StringComparer.Ordinal)
        {
            ["golden-seed"] = Support.GoldenRegistries.Seed,
            ["golden-edge-cases"] = Support.GoldenRegistries.EdgeCases,
        };

    public static string GoldenPath(string job) => "/" + job;

    public static string FuzzJob(int seed, ExpositionFormat format) => $"fuzz-{seed}-{Slug(format)}";

    public static string FuzzPath(int seed, ExpositionFormat format) => $"/fuzz/{seed}/{Slug(format)}";

    public async Task InitializeAsync()
    {
        Scenario = ScrapeScenario.Create(Clock);
        Fuzz = FuzzSeeds.ToDictionary(s => s, s => HostileRegistry.Create(s, Clock));

        var routes = new Dictionary<string, MetricsRoute>(StringComparer.Ordinal);
        foreach (var (_, (path, format)) in MainJobs)
        {
            routes[path] = new MetricsRoute(Scenario.Registry, format);
        }

        foreach (var (seed, model) in Fuzz)
        {
            foreach (var format in (ExpositionFormat[])[ExpositionFormat.PrometheusText, ExpositionFormat.OpenMetrics])
            {
                routes[FuzzPath(seed, format)] = new MetricsRoute(model.Registry, format);
            }
        }

        foreach (var (job, create) in GoldenJobs)
        {
            routes[GoldenPath(job)] = new MetricsRoute(create(), null);
        }

        _endpoint = await MetricsEndpoint.StartAsync(routes);

        var jobs = MainJobs.Select(j => new ScrapeJob(j.Key, _endpoint.HostAndPort, j.Value.Path)).ToList();
        jobs.AddRange(GoldenJobs.Keys.Select(job => new ScrapeJob(job, _endpoint.HostAndPort, GoldenPath(job))));
        foreach (var seed in Fuzz.Keys)
        {
            jobs.Add(new ScrapeJob(FuzzJob(seed, ExpositionFormat.PrometheusText), _endpoint.HostAndPort, FuzzPath(seed, ExpositionFormat.PrometheusText)));
            jobs.Add(new ScrapeJob(FuzzJob(seed, ExpositionFormat.OpenMetrics), _endpoint.HostAndPort, FuzzPath(seed, ExpositionFormat.OpenMetrics)));
        }

        _prometheus = await PrometheusServer.StartAsync(jobs);

        await Poll.UntilAsync("every target to be scraped successfully", () => AllTargetsUpAsync(jobs.Count));
    }

    public async Task DisposeAsync()
    {
        if (_prometheus is not null)
        {
            await _prometheus.DisposeAsync();
        }

        if (_endpoint is not null)
        {
            await _endpoint.DisposeAsync();
        }
    }

    private static string Slug(ExpositionFormat format) => format == ExpositionFormat.OpenMetrics ? "openmetrics" : "text";

    private async Task<string?> AllTargetsUpAsync(int expected)
    {
        var data = await Prometheus.GetDataAsync("api/v1/targets?state=active");
        var targets = data.GetProperty("activeTargets").EnumerateArray()
            .Select(t => (
                Job: t.GetProperty("labels").GetProperty("job").GetString(),
                Health: t.GetProperty("health").GetString(),
                Error: t.GetProperty("lastError").GetString()))
            .ToList();
        var notUp = targets.Where(t => t.Health != "up").ToList();
        return targets.Count == expected && notUp.Count == 0
            ? null
            : $"{targets.Count}/{expected} targets; not up: {string.Join("; ", notUp.Select(t => $"{t.Job}: {t.Health} {t.Error}"))}\n{Prometheus.Log}";
    }
}
