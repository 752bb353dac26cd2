using System.Text;
using Observability.Metrics.Exposition;
using Observability.Metrics.Tests.Integration;
using Observability.Metrics.Tests.Support;
using Pn = Prometheus;

namespace Observability.Metrics.Tests.PrometheusNet;

/// <summary>
/// The golden edge cases (escaping in HELP and label values, NaN and infinities, exemplars, empty label values,
/// unicode) fed to ours and to prometheus-net 8.2.1, both outputs checked by the real <c>promtool check metrics</c>
/// and compared line by line. Each assertion records one difference (or sameness) the README's capability matrix
/// cites; a prometheus-net release that changes one fails here and the matrix is re-read.
/// </summary>
public sealed class PrometheusNetEdgeCaseTests
{
    [Fact]
    public async Task EdgeCases_PromtoolCheckMetrics_OursCleanPrometheusNetRejectedForUnescapedHelp()
    {
        var ours = Encoding.UTF8.GetBytes(GoldenRegistries.EdgeCases().CollectAsString(ExpositionFormat.PrometheusText));
        var theirs = await PrometheusNetRegistries.CollectAsync(PrometheusNetRegistries.EdgeCases(), Pn.ExpositionFormat.PrometheusText);

        var (oursExit, oursOutput) = await CheckMetricsAsync(ours);
        var (theirsExit, theirsOutput) = await CheckMetricsAsync(theirs);

        Assert.True(oursExit == 0 && oursOutput.Length == 0, $"promtool on ours: exit {oursExit}\n{oursOutput}");

        // prometheus-net writes HELP as given: the backslash reads as the escape "\s" and the line break ends the
        // HELP line, so Prometheus' own parser refuses the whole exposition (a scrape of it fails).
        Assert.NotEqual(0, theirsExit);
        Assert.Contains("invalid escape sequence", theirsOutput, StringComparison.Ordinal);
        var text = Encoding.UTF8.GetString(theirs);
        Assert.Contains("# HELP edge_values " + PrometheusNetRegistries.EdgeHelp + "\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EdgeCasesWithoutBackslashOrLineBreakInHelp_PromtoolCheckMetrics_BothClean()
    {
        // Everything else in the edge cases (escaped label values, empty and unicode values, NaN, infinities,
        // extreme numbers) prometheus-net writes in a form promtool accepts.
        var ours = Encoding.UTF8.GetBytes(GoldenRegistries.EdgeCases().CollectAsString(ExpositionFormat.PrometheusText));
        var theirs = await PrometheusNetRegistries.CollectAsync(
            PrometheusNetRegistries.EdgeCases("Special values: \"quoted\" help without escapes."), Pn.ExpositionFormat.PrometheusText);

        var (oursExit, oursOutput) = await CheckMetricsAsync(ours);
        var (theirsExit, theirsOutput) = await CheckMetricsAsync(theirs);

        Assert.True(oursExit == 0 && oursOutput.Length == 0, $"promtool on ours: exit {oursExit}\n{oursOutput}");
        Assert.True(theirsExit == 0 && theirsOutput.Length == 0, $"promtool on prometheus-net: exit {theirsExit}\n{theirsOutput}");
    }

    [Fact]
    public async Task EdgeCases_TextExposition_LabelValuesEscapedAlikeNumbersAndHelpDiffer()
    {
        var ours = Lines(GoldenRegistries.EdgeCases().CollectAsString(ExpositionFormat.PrometheusText));
        var theirs = Lines(await PrometheusNetRegistries.CollectStringAsync(PrometheusNetRegistries.EdgeCases(), Pn.ExpositionFormat.PrometheusText));

        // The same: label-value escaping (quote, backslash, line break), empty and unicode values, NaN, finite numbers.
        foreach (var line in (string[])
        [
            "edge_label_values_total{value=\"\"} 1",
            "edge_label_values_total{value=\"quote\\\"inside\"} 1",
            "edge_label_values_total{value=\"back\\\\slash\"} 1",
            "edge_label_values_total{value=\"new\\nline\"} 1",
            "edge_label_values_total{value=\"unicode: żółć 日本語 🚀\"} 1",
            "edge_label_values_total{value=\"braces {a=\\\"b\\\",c}\"} 1",
            "edge_values{case=\"nan\"} NaN",
            "edge_values{case=\"huge\"} 1.7976931348623157e+308",
            "edge_values{case=\"tiny\"} 5e-324",
            "edge_values{case=\"negative_zero\"} -0",
            "edge_values{case=\"fraction\"} 0.30000000000000004",
            "edge_values{case=\"small\"} 1.234e-05",
            "edge_values{case=\"million\"} 1000000",
        ])
        {
            Assert.Contains(line, ours);
            Assert.Contains(line, theirs);
        }

        // Different, ours first.
        Assert.Contains("# HELP edge_values Special values: \"quoted\" help with a back\\\\slash\\nand a second line.", ours);
        Assert.Contains("# HELP edge_values Special values: \"quoted\" help with a back\\slash", theirs); // unescaped, and cut by the line break
        Assert.Contains("edge_values{case=\"pos_inf\"} +Inf", ours);
        Assert.Contains("edge_values{case=\"pos_inf\"} Infinity", theirs); // Go's parser accepts it; the format says +Inf
        Assert.Contains("edge_values{case=\"neg_inf\"} -Inf", ours);
        Assert.Contains("edge_values{case=\"neg_inf\"} -Infinity", theirs);
        Assert.Contains("edge_values{case=\"negative\"} -1.234567891e+06", ours);
        Assert.Contains("edge_values{case=\"negative\"} -1234567.891", theirs);

        // Bucket bounds: ours in Go's %g form as client_golang writes them, so an le value matches other exporters'.
        Assert.Contains("edge_le_format_seconds_bucket{kind=\"mixed\",le=\"1e+06\"} 7", ours);
        Assert.Contains("edge_le_format_seconds_bucket{kind=\"mixed\",le=\"1000000\"} 7", theirs);
        Assert.Contains("edge_le_format_seconds_bucket{kind=\"mixed\",le=\"15000000\"} 7", theirs);

        // A NaN observation: ours counts it (in +Inf, and the sum becomes NaN, as client_golang does); prometheus-net drops it.
        Assert.Contains("edge_le_format_seconds_count{kind=\"mixed\"} 9", ours);
        Assert.Contains("edge_le_format_seconds_sum{kind=\"mixed\"} NaN", ours);
        Assert.Contains("edge_le_format_seconds_count{kind=\"mixed\"} 8", theirs);
        Assert.Contains("edge_le_format_seconds_bucket{kind=\"mixed\",le=\"+Inf\"} 8", theirs);

        // An over-long label value: ours cuts it to MaxLabelValueLength (128); prometheus-net keeps all 200 characters.
        Assert.Contains($"edge_label_values_total{{value=\"{new string('x', 128)}\"}} 0.5", ours);
        Assert.Contains($"edge_label_values_total{{value=\"{new string('x', 200)}\"}} 0.5", theirs);
    }

    [Fact]
    public async Task EdgeCases_OpenMetrics_InfinitiesAgreeCreatedAndSignedZeroOnlyInOurs()
    {
        var ours = Lines(GoldenRegistries.EdgeCases().CollectAsString(ExpositionFormat.OpenMetrics));
        var theirs = Lines(await PrometheusNetRegistries.CollectStringAsync(PrometheusNetRegistries.EdgeCases(), Pn.ExpositionFormat.OpenMetricsText));

        foreach (var line in (string[])
        [
            "# TYPE edge_label_values counter",
            "edge_label_values_total{value=\"\"} 1.0",
            "edge_values{case=\"pos_inf\"} +Inf",
            "edge_values{case=\"neg_inf\"} -Inf",
            "edge_le_format_seconds_bucket{kind=\"mixed\",le=\"1.0\"} 4",
            "# EOF",
        ])
        {
            Assert.Contains(line, ours);
            Assert.Contains(line, theirs);
        }

        Assert.Contains("# HELP edge_values Special values: \\\"quoted\\\" help with a back\\\\slash\\nand a second line.", ours);
        Assert.Contains("edge_values{case=\"negative_zero\"} -0.0", ours);
        Assert.Contains("edge_values{case=\"negative_zero\"} 0.0", theirs);
        Assert.Contains("edge_label_values_created{value=\"\"} 1795262400.123", ours);
        Assert.DoesNotContain(theirs, line => line.Contains("_created", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Exemplars_OpenMetrics_BothWriteThemOnCounterAndBucket()
    {
        var (oursRegistry, theirsRegistry) = PrometheusNetRegistries.Exemplars();

        var ours = Lines(oursRegistry.CollectAsString(ExpositionFormat.OpenMetrics));
        var theirs = Lines(await PrometheusNetRegistries.CollectStringAsync(theirsRegistry, Pn.ExpositionFormat.OpenMetricsText));
        var theirsText = await PrometheusNetRegistries.CollectStringAsync(theirsRegistry, Pn.ExpositionFormat.PrometheusText);

        // Ours stamps exemplars from the registry's TimeProvider; prometheus-net from the wall clock (not injectable).
        Assert.Contains("opencode_task_total{success=\"true\"} 2.0 # {event_id=\"evt-0002\"} 2.0 1795262400.123", ours);
        Assert.Contains("opencode_task_duration_seconds_bucket{success=\"true\",le=\"300.0\"} 1 # {event_id=\"evt-0001\"} 120.0 1795262400.123", ours);
        Assert.Contains(theirs, l => l.StartsWith("opencode_task_total{success=\"true\"} 2.0 # {event_id=\"evt-0002\"} 2.0 ", StringComparison.Ordinal));
        Assert.Contains(
            theirs,
            l => l.StartsWith("opencode_task_duration_seconds_bucket{success=\"true\",le=\"300.0\"} 1 # {event_id=\"evt-0001\"} 120.0 ", StringComparison.Ordinal));

        // Neither writes exemplars in the text format, which has no syntax for them.
        Assert.DoesNotContain("evt-000", oursRegistry.CollectAsString(ExpositionFormat.PrometheusText), StringComparison.Ordinal);
        Assert.DoesNotContain("evt-000", theirsText, StringComparison.Ordinal);
    }

    private static string[] Lines(string exposition) => exposition.Split('\n');

    private static Task<(int ExitCode, string Output)> CheckMetricsAsync(byte[] exposition) =>
        ToolProcess.RunAsync(ToolPaths.Promtool, ["check", "metrics"], exposition);
}
