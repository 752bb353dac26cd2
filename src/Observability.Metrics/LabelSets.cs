namespace Observability.Metrics;

/// <summary>Helpers to enumerate known label-value sets for <see cref="MetricOptions.KnownLabelSets"/>.</summary>
public static class LabelSets
{
    /// <summary>Every combination of the given per-label values, in label order.</summary>
    /// <param name="valuesPerLabel">For each label name of the family, its known values.</param>
    public static IEnumerable<IReadOnlyList<string>> Product(params IReadOnlyList<string>[] valuesPerLabel)
    {
        ArgumentNullException.ThrowIfNull(valuesPerLabel);
        IEnumerable<string[]> sets = [[]];
        foreach (var values in valuesPerLabel)
        {
            var current = values;
            sets = sets.SelectMany(prefix => current.Select(v => (string[])[.. prefix, v]));
        }

        return sets;
    }
}
