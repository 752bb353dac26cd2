using System.Globalization;

namespace Observability.Metrics;

/// <summary>Registration: identity of definitions, reserved sample names, known label sets.</summary>
public sealed partial class MetricRegistry
{
    private TFamily Register<TFamily>(
        string name,
        string help,
        MetricType type,
        MetricOptions options,
        Func<string[], int, TFamily> create,
        double[]? bounds = null)
        where TFamily : MetricFamily
    {
        ArgumentNullException.ThrowIfNull(help);
        var labelNames = options.LabelNames.ToArray();
        NameRules.ValidateLabelNames(name, type, labelNames);
        var maxSeries = options.MaxSeries ?? Options.MaxSeriesPerFamily;
        if (maxSeries < 1)
        {
            throw new ArgumentException($"MetricOptions.MaxSeries of '{name}' must be at least 1, was {maxSeries}.", nameof(options));
        }

        var definition = Describe(type, help, labelNames, bounds);
        TFamily family;
        lock (_lock)
        {
            if (_families.TryGetValue(name, out var existing))
            {
                if (existing.Definition == definition && existing.Family is TFamily same)
                {
                    return same;
                }

                throw new InvalidOperationException(
                    $"Metric '{name}' is already registered as {existing.Definition}; this registration asks for {definition}.");
            }

            var sampleNames = SampleNames(name, type);
            foreach (var sample in sampleNames)
            {
                if (_claimedSampleNames.TryGetValue(sample, out var owner))
                {
                    throw new InvalidOperationException(
                        $"Metric '{name}' would write samples named '{sample}', which metric '{owner}' already writes.");
                }
            }

            family = create(labelNames, maxSeries);
            foreach (var sample in sampleNames)
            {
                _claimedSampleNames[sample] = name;
            }

            _families[name] = (family, definition);
            Volatile.Write(ref _sorted, [.. _families.Values.Select(f => f.Family).OrderBy(f => f.Name, StringComparer.Ordinal)]);
        }

        // The self-metric families are created before their own bookkeeping exists.
        if (_foldedUpdates is not null)
        {
            Track(family);
        }

        if (options.KnownLabelSets is not null && labelNames.Length > 0)
        {
            foreach (var set in options.KnownLabelSets)
            {
                family.Precreate(set);
            }
        }

        return family;
    }

    private void Track(MetricFamily family)
    {
        _seriesCount.WithLabels(family.Name);
        family.FoldedUpdates = _foldedUpdates.WithLabels(family.Name);
    }

    private static string Describe(MetricType type, string help, string[] labelNames, double[]? bounds)
    {
        var text = $"{type.ToString().ToLowerInvariant()} with labels [{string.Join(", ", labelNames)}]";
        if (bounds is not null)
        {
            text += $", buckets [{string.Join(", ", bounds.Select(b => b.ToString("R", CultureInfo.InvariantCulture)))}]";
        }

        return $"{text} and help \"{help}\"";
    }

    private static string[] SampleNames(string name, MetricType type) => type switch
    {
        // An OpenMetrics counter family is named without _total; claim that name too.
        MetricType.Counter => [name, name[..^"_total".Length]],
        MetricType.Histogram => [name, name + "_bucket", name + "_sum", name + "_count"],
        _ => [name],
    };
}
