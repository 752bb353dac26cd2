using Observability.Metrics.Exposition;

namespace Observability.Metrics;

/// <summary>
/// The set of metric families a process exposes: registration (idempotent for the same definition,
/// an error for a conflicting one), the cardinality guard's self-metrics, and collection.
/// </summary>
public sealed partial class MetricRegistry
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, (MetricFamily Family, string Definition)> _families = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _claimedSampleNames = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _claimedFamilyNames = new(StringComparer.Ordinal);
    private readonly CounterFamily _foldedUpdates;
    private readonly GaugeFamily _seriesCount;
    private MetricFamily[] _sorted = [];
    private Action[] _collectCallbacks = [];

    /// <summary>Creates a registry with default options and no namespace.</summary>
    public MetricRegistry()
        : this(new MetricRegistryOptions())
    {
    }

    /// <summary>Creates a registry; the options are validated and copied.</summary>
    /// <exception cref="ArgumentException">An option is out of range; the message names it.</exception>
    public MetricRegistry(MetricRegistryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = new MetricRegistryOptions
        {
            Namespace = options.Namespace,
            MaxSeriesPerFamily = options.MaxSeriesPerFamily,
            MaxLabelValueLength = options.MaxLabelValueLength,
            TimeProvider = options.TimeProvider,
        };

        // Bounded by the number of registered families, so exempt from the per-family cap.
        _seriesCount = CreateGauge(
            "metric_series",
            "Series held by each metric family, including its overflow series.",
            new MetricOptions { LabelNames = ["family"], MaxSeries = int.MaxValue });
        _foldedUpdates = CreateCounter(
            "metric_series_folded_total",
            "Updates folded into a family's overflow series because the family reached its series cap.",
            new MetricOptions { LabelNames = ["family"], MaxSeries = int.MaxValue });
        Track(_seriesCount);
        Track(_foldedUpdates);
    }

    /// <summary>The registry's settings (a validated copy).</summary>
    public MetricRegistryOptions Options { get; }

    /// <summary>The registered families, ordered by name as they are written.</summary>
    public IReadOnlyList<MetricFamily> Families => Volatile.Read(ref _sorted);

    /// <summary>Registers, or returns the already registered, counter <paramref name="name"/>.</summary>
    public CounterFamily CreateCounter(string name, string help, params string[] labelNames) =>
        CreateCounter(name, help, new MetricOptions { LabelNames = labelNames });

    /// <inheritdoc cref="CreateCounter(string, string, string[])"/>
    public CounterFamily CreateCounter(string name, string help, MetricOptions options)
    {
        ArgumentNullException.ThrowIfNull(name);
        var full = FullName(name.EndsWith("_total", StringComparison.Ordinal) ? name : name + "_total", options);
        return Register(full, help, MetricType.Counter, options, (labels, max) => new CounterFamily(this, full, help, labels, max));
    }

    /// <summary>Registers, or returns the already registered, gauge <paramref name="name"/>.</summary>
    public GaugeFamily CreateGauge(string name, string help, params string[] labelNames) =>
        CreateGauge(name, help, new MetricOptions { LabelNames = labelNames });

    /// <inheritdoc cref="CreateGauge(string, string, string[])"/>
    public GaugeFamily CreateGauge(string name, string help, MetricOptions options)
    {
        var full = FullName(name, options);
        return Register(full, help, MetricType.Gauge, options, (labels, max) => new GaugeFamily(this, full, help, labels, max));
    }

    /// <summary>Registers, or returns the already registered, histogram <paramref name="name"/>.</summary>
    /// <param name="name">Family name.</param>
    /// <param name="help">HELP text.</param>
    /// <param name="buckets">Upper bounds, strictly increasing; null for <see cref="HistogramBuckets.Default"/>.</param>
    /// <param name="labelNames">Label names.</param>
    public HistogramFamily CreateHistogram(string name, string help, IReadOnlyList<double>? buckets, params string[] labelNames) =>
        CreateHistogram(name, help, new MetricOptions { LabelNames = labelNames, Buckets = buckets });

    /// <inheritdoc cref="CreateHistogram(string, string, IReadOnlyList{double}?, string[])"/>
    public HistogramFamily CreateHistogram(string name, string help, MetricOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var full = FullName(name, options);
        var bounds = HistogramBuckets.Validate(full, options.Buckets);
        return Register(
            full, help, MetricType.Histogram, options, (labels, max) => new HistogramFamily(this, full, help, labels, bounds, max), bounds);
    }

    /// <summary>
    /// Adds a callback run at the start of every collection, before any family is written; collectors
    /// use it to refresh gauges from the process and the runtime.
    /// </summary>
    public void AddCollectCallback(Action callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        lock (_lock)
        {
            _collectCallbacks = [.. _collectCallbacks, callback];
        }
    }

    internal long NowUnixMilliseconds() => Options.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds();

    private string FullName(string name, MetricOptions options)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(options);
        var full = options.Namespaced && Options.Namespace.Length > 0 ? $"{Options.Namespace}_{name}" : name;
        NameRules.ValidateMetricName(full);
        return full;
    }
}
