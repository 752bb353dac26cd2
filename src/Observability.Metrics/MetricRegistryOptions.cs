namespace Observability.Metrics;

/// <summary>Settings of a <see cref="MetricRegistry"/>; every value has a documented default.</summary>
public sealed class MetricRegistryOptions
{
    /// <summary>Default cap on series per family: the same as OpenTelemetry's default cardinality limit.</summary>
    public const int DefaultMaxSeriesPerFamily = 2000;

    /// <summary>Default cap on a label value's length, in UTF-16 characters; longer values are truncated.</summary>
    public const int DefaultMaxLabelValueLength = 128;

    /// <summary>
    /// Prefix joined to every namespaced family name with an underscore, for example <c>agentobs</c>.
    /// Empty means no prefix. Default: empty.
    /// </summary>
    public string Namespace { get; set; } = string.Empty;

    /// <summary>
    /// Series a family may hold before new label sets fold into its overflow series.
    /// Default: <see cref="DefaultMaxSeriesPerFamily"/>.
    /// </summary>
    public int MaxSeriesPerFamily { get; set; } = DefaultMaxSeriesPerFamily;

    /// <summary>Longest label value kept; longer ones are cut. Default: <see cref="DefaultMaxLabelValueLength"/>.</summary>
    public int MaxLabelValueLength { get; set; } = DefaultMaxLabelValueLength;

    /// <summary>Clock for exemplar timestamps. Default: <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first setting that is out of range.</summary>
    public void Validate()
    {
        if (Namespace.Length > 0 && !NameRules.IsValidMetricName(Namespace))
        {
            throw new ArgumentException(
                $"MetricRegistryOptions.Namespace '{Namespace}' is not a valid metric name prefix: use [a-zA-Z_:][a-zA-Z0-9_:]*.",
                nameof(Namespace));
        }

        if (MaxSeriesPerFamily < 1)
        {
            throw new ArgumentException(
                $"MetricRegistryOptions.MaxSeriesPerFamily must be at least 1, was {MaxSeriesPerFamily}.",
                nameof(MaxSeriesPerFamily));
        }

        if (MaxLabelValueLength < 1)
        {
            throw new ArgumentException(
                $"MetricRegistryOptions.MaxLabelValueLength must be at least 1, was {MaxLabelValueLength}.",
                nameof(MaxLabelValueLength));
        }

        ArgumentNullException.ThrowIfNull(TimeProvider);
    }
}
