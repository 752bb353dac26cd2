using Observability.Metrics.Exposition;

namespace Observability.Benchmarks;

/// <summary>The dump and events modes, used by scrape-vs-pushgateway.sh.</summary>
internal static class Tools
{
    public static async Task<int> DumpAsync(string? path, string format)
    {
        var selected = format.ToLowerInvariant() switch
        {
            "text" => ExpositionFormat.PrometheusText,
            "openmetrics" => ExpositionFormat.OpenMetrics,
            _ => throw new ArgumentException($"Unknown format '{format}': use text or openmetrics.", nameof(format)),
        };

        var registry = ScrapeRegistry.Build();
        using var payload = registry.Collect(selected);
        var output = path is null ? Console.OpenStandardOutput() : File.Create(path);
        await using (output.ConfigureAwait(false))
        {
            await payload.WriteToAsync(output, gzip: false).ConfigureAwait(false);
        }

        await Console.Error.WriteLineAsync($"dump: {payload.Length} bytes ({selected})").ConfigureAwait(false);
        return 0;
    }

    public static int Events(string? path)
    {
        using var writer = path is null ? new StreamWriter(Console.OpenStandardOutput()) : new StreamWriter(path);
        writer.NewLine = "\n";
        ScrapeRegistry.WriteEventsNdjson(writer);
        return 0;
    }
}
