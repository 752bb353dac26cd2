using Observability.Metrics.Exposition;
using Observability.Metrics.Tests.Support;

namespace Observability.Metrics.Tests.Exposition;

public sealed class GoldenExpositionTests
{
    public static TheoryData<string, ExpositionFormat> Cases => new()
    {
        { "seed", ExpositionFormat.PrometheusText },
        { "seed", ExpositionFormat.OpenMetrics },
        { "edge-cases", ExpositionFormat.PrometheusText },
        { "edge-cases", ExpositionFormat.OpenMetrics },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Collect_GoldenRegistry_MatchesGoldenFile(string name, ExpositionFormat format)
    {
        var registry = name == "seed" ? GoldenRegistries.Seed() : GoldenRegistries.EdgeCases();

        var text = registry.CollectAsString(format);

        GoldenFile.Verify(name + (format == ExpositionFormat.OpenMetrics ? ".om" : ".prom"), text);
    }

    [Fact]
    public void Collect_SameRegistryTwice_IsByteIdentical()
    {
        var registry = GoldenRegistries.EdgeCases();

        Assert.Equal(registry.CollectAsString(ExpositionFormat.OpenMetrics), registry.CollectAsString(ExpositionFormat.OpenMetrics));
    }
}
