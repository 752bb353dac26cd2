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

        var definition = Describe(type, help, labelNames, bounds, options.UnlabelledSeriesAtRegistration);
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

            var (sampleNames, familyNames) = ClaimedNames(name, type);
            foreach (var sample in sampleNames)
            {
                if (_claimedSampleNames.TryGetValue(sample, out var owner))
                {
                    throw new InvalidOperationException(
                        $"Metric '{name}' would write samples named '{sample}', which metric '{owner}' already writes.");
                }
            }

            foreach (var familyName in familyNames)
            {
                if (_claimedFamilyNames.TryGetValue(familyName, out var owner))
                {
                    throw new InvalidOperationException(
                        $"Metric '{name}' would be exposed as a family named '{familyName}', as metric '{owner}' already is.");
                }
            }

            family = create(labelNames, maxSeries);
            foreach (var sample in sampleNames)
            {
                _claimedSampleNames[sample] = name;
            }

            foreach (var familyName in familyNames)
            {
                _claimedFamilyNames[familyName] = name;
            }

            _families[name] = (family, definition);
            Volatile.Write(ref _sorted, [.. _families.Values.Select(f => f.Family).OrderBy(f => f.Name, StringComparer.Ordinal)]);
        }

        // The self-metric families are created before their own bookkeeping exists.
        if (_foldedUpdates is not null)
        {
            Track(family);
        }

        if (labelNames.Length == 0 && options.UnlabelledSeriesAtRegistration)
        {
            family.CreateUnlabelledSeries();
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

    private static string Describe(MetricType type, string help, string[] labelNames, double[]? bounds, bool unlabelledAtRegistration)
    {
        var text = $"{type.ToString().ToLowerInvariant()} with labels [{string.Join(", ", labelNames)}]";
        if (bounds is not null)
        {
            text += $", buckets [{string.Join(", ", bounds.Select(b => b.ToString("R", CultureInfo.InvariantCulture)))}]";
        }

        if (labelNames.Length == 0 && !unlabelledAtRegistration)
        {
            text += ", no sample until first used";
        }

        return $"{text} and help \"{help}\"";
    }

    /// <summary>
    /// The sample names a family writes in either format, and the names it has as a family (in the text format and in
    /// OpenMetrics). Two families may share neither a sample name nor a family name; a family name may equal another
    /// family's sample name when that name is not a sample of its own: a counter <c>task_created_total</c> (family
    /// <c>task_created</c> in OpenMetrics, samples <c>task_created_total</c> and <c>task_created_created</c>) beside a
    /// counter <c>task_total</c> whose creation time is the sample <c>task_created</c>, as the OpenMetrics rule against
    /// clashing sample names allows.
    /// </summary>
    private static (string[] Samples, string[] Families) ClaimedNames(string name, MetricType type)
    {
        switch (type)
        {
            case MetricType.Counter:
                // The text format names a counter family after its samples, OpenMetrics after the base name.
                var baseName = name[..^"_total".Length];
                return ([name, baseName + "_created"], [name, baseName]);
            case MetricType.Histogram:
                return ([name + "_bucket", name + "_sum", name + "_count", name + "_created"], [name]);
            default:
                return ([name], [name]);
        }
    }
}
