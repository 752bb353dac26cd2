using Observability.Metrics.Exposition;

namespace Observability.Metrics.Tests;

public sealed class MetricRegistryTests
{
    [Fact]
    public void CreateCounter_WithNamespace_PrefixesAndAddsTotal()
    {
        var registry = new MetricRegistry(new MetricRegistryOptions { Namespace = "agentobs" });

        Assert.Equal("agentobs_tasks_total", registry.CreateCounter("tasks", "help").Name);
        Assert.Equal("agentobs_merges_total", registry.CreateCounter("merges_total", "help").Name);
    }

    [Fact]
    public void CreateGauge_NotNamespaced_KeepsStandardName()
    {
        var registry = new MetricRegistry(new MetricRegistryOptions { Namespace = "agentobs" });

        Assert.Equal("process_open_fds", registry.CreateGauge("process_open_fds", "help", new MetricOptions { Namespaced = false }).Name);
    }

    [Fact]
    public void Create_SameDefinitionTwice_ReturnsSameFamily()
    {
        var registry = new MetricRegistry();

        var first = registry.CreateHistogram("h_seconds", "help", [1, 2], "a");
        var second = registry.CreateHistogram("h_seconds", "help", [1, 2], "a");

        Assert.Same(first, second);
    }

    [Theory]
    [InlineData("labels")]
    [InlineData("help")]
    [InlineData("buckets")]
    [InlineData("type")]
    public void Create_ConflictingDefinition_ThrowsNamingBoth(string difference)
    {
        var registry = new MetricRegistry();
        registry.CreateHistogram("h_seconds", "help", [1, 2], "a");

        Action register = difference switch
        {
            "labels" => () => registry.CreateHistogram("h_seconds", "help", [1, 2], "b"),
            "help" => () => registry.CreateHistogram("h_seconds", "other help", [1, 2], "a"),
            "buckets" => () => registry.CreateHistogram("h_seconds", "help", [1, 3], "a"),
            _ => () => registry.CreateGauge("h_seconds", "help", "a"),
        };

        var error = Assert.Throws<InvalidOperationException>(register);
        Assert.Contains("'h_seconds' is already registered as histogram with labels [a]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_GaugeNamedLikeHistogramSample_Throws()
    {
        var registry = new MetricRegistry();
        registry.CreateHistogram("rt_seconds", "help", [1]);

        var error = Assert.Throws<InvalidOperationException>(() => registry.CreateGauge("rt_seconds_count", "help"));
        Assert.Contains("rt_seconds_count", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1abc")]
    [InlineData("has-dash")]
    [InlineData("__reserved")]
    [InlineData("")]
    [InlineData("spa ce")]
    public void CreateGauge_InvalidName_Throws(string name)
    {
        Assert.Throws<ArgumentException>(() => new MetricRegistry().CreateGauge(name, "help"));
    }

    [Theory]
    [InlineData("__name", MetricType.Gauge)]
    [InlineData("le", MetricType.Histogram)]
    [InlineData("quantile", MetricType.Gauge)]
    [InlineData("0abc", MetricType.Counter)]
    [InlineData("a:b", MetricType.Counter)]
    public void Create_InvalidOrReservedLabelName_Throws(string label, MetricType type)
    {
        var registry = new MetricRegistry();
        Action register = type switch
        {
            MetricType.Histogram => () => registry.CreateHistogram("x_seconds", "help", null, label),
            MetricType.Counter => () => registry.CreateCounter("x_total", "help", label),
            _ => () => registry.CreateGauge("x", "help", label),
        };

        var error = Assert.Throws<ArgumentException>(register);
        Assert.Contains(label, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CreateGauge_LeLabel_IsRejectedAsPromtoolDoes()
    {
        var error = Assert.Throws<ArgumentException>(() => new MetricRegistry().CreateGauge("g", "help", "le"));
        Assert.Contains("reserved for histogram bucket bounds", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_DuplicateLabelName_Throws()
    {
        Assert.Throws<ArgumentException>(() => new MetricRegistry().CreateGauge("g", "help", "a", "a"));
    }

    [Theory]
    [InlineData("bad-ns", 10, 10, "Namespace")]
    [InlineData("ok", 0, 10, "MaxSeriesPerFamily")]
    [InlineData("ok", 10, 0, "MaxLabelValueLength")]
    public void Constructor_InvalidOptions_ThrowsNamingTheSetting(string ns, int maxSeries, int maxLength, string setting)
    {
        var error = Assert.Throws<ArgumentException>(() => new MetricRegistry(
            new MetricRegistryOptions { Namespace = ns, MaxSeriesPerFamily = maxSeries, MaxLabelValueLength = maxLength }));

        Assert.Contains("MetricRegistryOptions." + setting, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_KnownLabelSets_ArePresentAtZeroFromFirstScrape()
    {
        var registry = new MetricRegistry();
        registry.CreateCounter(
            "results_total",
            "help",
            new MetricOptions { LabelNames = ["kind", "success"], KnownLabelSets = LabelSets.Product(["a", "b"], ["true", "false"]) });

        var text = registry.CollectAsString(ExpositionFormat.PrometheusText);

        foreach (var line in new[]
        {
            "results_total{kind=\"a\",success=\"false\"} 0", "results_total{kind=\"a\",success=\"true\"} 0",
            "results_total{kind=\"b\",success=\"false\"} 0", "results_total{kind=\"b\",success=\"true\"} 0",
        })
        {
            Assert.Contains(line + "\n", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Collect_Families_AreOrderedByNameWithHelpAndType()
    {
        var registry = new MetricRegistry();
        registry.CreateGauge("zeta", "Z.");
        registry.CreateGauge("alpha", "A.");

        var text = registry.CollectAsString(ExpositionFormat.PrometheusText);

        Assert.True(text.IndexOf("# HELP alpha A.\n# TYPE alpha gauge\nalpha 0\n", StringComparison.Ordinal)
            < text.IndexOf("# HELP zeta Z.\n# TYPE zeta gauge\nzeta 0\n", StringComparison.Ordinal));
        Assert.Equal([.. registry.Families.Select(f => f.Name).Order(StringComparer.Ordinal)], registry.Families.Select(f => f.Name));
    }

    [Fact]
    public void Collect_CallbackThrows_PropagatesSoTheHostCanAnswerAnError()
    {
        var registry = new MetricRegistry();
        registry.AddCollectCallback(() => throw new InvalidOperationException("collector broke"));

        Assert.Throws<InvalidOperationException>(() => registry.Collect(ExpositionFormat.PrometheusText));
    }

    [Fact]
    public void Collect_OpenMetrics_EndsWithEof()
    {
        var om = new MetricRegistry().CollectAsString(ExpositionFormat.OpenMetrics);

        Assert.EndsWith("\n# EOF\n", om, StringComparison.Ordinal);
    }
}
