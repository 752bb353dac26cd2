using System.Globalization;
using System.Text.Json;

namespace Observability.Ops.Tests.Support;

/// <summary>
/// Waits measured on Prometheus' own work rather than on the test's clock: how many times it scraped the sidecar and
/// when it last evaluated the rules. A check that nothing fires is only meaningful once the windows hold enough data and
/// the rules have run over it; a fixed sleep proves neither on a slow machine and wastes time on a fast one.
/// </summary>
internal static class PrometheusProgress
{
    /// <summary>Prometheus' current time, in Unix seconds (the evaluation time of an instant query).</summary>
    public static async Task<double> NowAsync(OpsStack stack) => (await stack.QueryAsync("time()"))[0][0].GetDouble();

    /// <summary>Waits until the sidecar has been scraped at least <paramref name="scrapes"/> times since Prometheus started.</summary>
    public static Task UntilScrapedAsync(OpsStack stack, int scrapes, TimeSpan timeout) =>
        stack.UntilAsync($"{scrapes} scrapes of the sidecar", async () =>
        {
            var result = await stack.QueryAsync("count_over_time(up{job=\"agentobs-sidecar\"}[1h])");
            var count = result.Count == 0 ? 0 : double.Parse(result[0].GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture);
            return (count >= scrapes, $"{count} scrapes");
        }, timeout);

    /// <summary>Waits until every rule group has been evaluated at or after <paramref name="unixSeconds"/> (Prometheus' clock).</summary>
    public static Task UntilEvaluatedAfterAsync(OpsStack stack, double unixSeconds, TimeSpan timeout) =>
        stack.UntilAsync($"every rule group to be evaluated after {unixSeconds.ToString("F1", CultureInfo.InvariantCulture)}", async () =>
        {
            var body = await stack.PrometheusHttp.GetStringAsync(new Uri("api/v1/rules", UriKind.Relative));
            using var document = JsonDocument.Parse(body);
            var groups = document.RootElement.GetProperty("data").GetProperty("groups").EnumerateArray()
                .Select(g => (Name: g.GetProperty("name").GetString(), At: g.GetProperty("lastEvaluation").GetDateTimeOffset().ToUnixTimeMilliseconds() / 1000.0))
                .ToList();
            var behind = groups.Where(g => g.At < unixSeconds).Select(g => g.Name).ToList();
            return (groups.Count > 0 && behind.Count == 0, $"{groups.Count} groups, not yet evaluated: {string.Join(", ", behind)}");
        }, timeout);

    /// <summary>Seconds in a duration written the way <see cref="OpsStack.Range"/> and <see cref="OpsStack.Hold"/> are (<c>15s</c>).</summary>
    public static int Seconds(string duration) => int.Parse(duration.TrimEnd('s'), CultureInfo.InvariantCulture);
}
