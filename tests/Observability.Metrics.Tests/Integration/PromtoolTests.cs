using System.Text;
using Observability.Metrics.Collectors;
using Observability.Metrics.Exposition;

namespace Observability.Metrics.Tests.Integration;

/// <summary>
/// <c>promtool check metrics</c> (Prometheus 2.42: parses the text format with client_golang's parser and
/// lints it) must accept our text exposition silently. OpenMetrics is proven by the scrape tests instead.
/// </summary>
public sealed class PromtoolTests
{
    private static readonly DateTimeOffset Clock = new(2026, 1, 2, 3, 4, 5, 678, TimeSpan.Zero);

    public static TheoryData<int> Seeds => [.. Enumerable.Range(1, 20)];

    [Fact]
    public async Task Promtool_LintProblemOnStdin_IsReported()
    {
        // The harness must see promtool's complaints, or every other test here proves nothing.
        var bad = "# TYPE requests counter\nrequests 1\n"u8.ToArray();

        var (exitCode, output) = await CheckMetricsAsync(bad);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("requests", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GoldenTextFiles_PromtoolCheckMetrics_AreLintClean()
    {
        var directory = Path.Combine(AppContext.BaseDirectory, "Golden");
        var files = Directory.Exists(directory) ? Directory.GetFiles(directory, "*.prom") : [];
        Assert.True(
            files.Length > 0,
            $"No Golden/*.prom files in {directory}: the text-format golden files (tests/Observability.Metrics.Tests/Golden/*.prom) are missing.");

        var failures = new StringBuilder();
        foreach (var file in files.Order(StringComparer.Ordinal))
        {
            var (exitCode, output) = await CheckMetricsAsync(await File.ReadAllBytesAsync(file));
            if (exitCode != 0 || output.Length > 0)
            {
                failures.Append($"{Path.GetFileName(file)}: exit {exitCode}\n{output}\n");
            }
        }

        Assert.True(failures.Length == 0, $"promtool check metrics rejected golden files:\n{failures}");
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task HostileRegistry_PromtoolCheckMetrics_IsLintClean(int seed)
    {
        var model = HostileRegistry.Create(seed, Clock);
        var text = Text(model.Registry);

        var (exitCode, output) = await CheckMetricsAsync(text);

        AssertClean(seed, exitCode, output, text);
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void HostileRegistry_TextExposition_HasOneLinePerModelSample(int seed)
    {
        // promtool does not count samples; make sure the text it accepted holds exactly the model's samples
        // (escaped newlines keep each sample on one line).
        var model = HostileRegistry.Create(seed, Clock);
        var text = Encoding.UTF8.GetString(Text(model.Registry));

        var sampleLines = text.Split('\n').Count(l => l.Length > 0 && !l.StartsWith('#'));

        Assert.Equal(model.Samples(ExpositionFormat.PrometheusText).Count, sampleLines);
    }

    [Fact]
    public async Task StandardCollectors_PromtoolCheckMetrics_IsLintClean()
    {
        var registry = new MetricRegistry(new MetricRegistryOptions { Namespace = "itest" }).AddStandardCollectors();
        var text = Text(registry);

        var (exitCode, output) = await CheckMetricsAsync(text);

        AssertClean(0, exitCode, output, text);
    }

    [Fact]
    public async Task OverflowAndTruncation_PromtoolCheckMetrics_IsLintClean()
    {
        var registry = new MetricRegistry(new MetricRegistryOptions { Namespace = "itest", MaxSeriesPerFamily = 3, MaxLabelValueLength = 16 });
        var requests = registry.CreateCounter("requests_total", "Requests by route.", "route", "code");
        var latency = registry.CreateHistogram("latency_seconds", "Latency by route.", [0.1, 1], "route");
        for (var i = 0; i < 10; i++)
        {
            requests.WithLabels($"/very/long/route/number/{i}", "200").Inc();
            latency.WithLabels($"/r{i}\"\\\n🚀").Observe(i / 10.0);
        }

        var text = Text(registry);
        var (exitCode, output) = await CheckMetricsAsync(text);

        AssertClean(0, exitCode, output, text);
        Assert.Contains($"route=\"{RegistryModel.OverflowValue}\"", Encoding.UTF8.GetString(text), StringComparison.Ordinal);
    }

    private static byte[] Text(MetricRegistry registry)
    {
        using var payload = registry.Collect(ExpositionFormat.PrometheusText);
        return payload.ToArray();
    }

    private static Task<(int ExitCode, string Output)> CheckMetricsAsync(byte[] exposition) =>
        ToolProcess.RunAsync(ToolPaths.Promtool, ["check", "metrics"], exposition);

    private static void AssertClean(int seed, int exitCode, string output, byte[] text)
    {
        if (exitCode == 0 && output.Length == 0)
        {
            return;
        }

        var path = Path.Combine(Path.GetTempPath(), $"promtool-failure-seed{seed}-{Guid.NewGuid():N}.prom");
        File.WriteAllBytes(path, text);
        Assert.Fail($"promtool check metrics exited {exitCode} with output:\n{output}\n(exposition saved to {path})");
    }
}
