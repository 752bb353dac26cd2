namespace Observability.Metrics;

/// <summary>State: export of every series with its value, and import of such series into a family.</summary>
public abstract partial class MetricFamily<TChild>
{
    /// <inheritdoc />
    public override IReadOnlyList<SeriesState> ExportSeries()
    {
        var series = SortedSeries();

        // Told apart by identity, not by its label values.
        var overflow = Volatile.Read(ref _overflow)?.Value.Value;
        var states = new SeriesState[series.Length];
        for (var i = 0; i < series.Length; i++)
        {
            var (key, child) = series[i];
            states[i] = ExportChild(child, [.. key.Values], ReferenceEquals(child, overflow));
        }

        return states;
    }

    /// <inheritdoc />
    public override void ImportSeries(IEnumerable<SeriesState> series) => Import(Validated(series));

    /// <inheritdoc />
    public override void ReplaceSeries(IEnumerable<SeriesState> series)
    {
        var states = Validated(series);
        lock (_createLock)
        {
            _children.Clear();
            Volatile.Write(ref _count, 0);
            Volatile.Write(ref _overflow, null);
            Volatile.Write(ref _unlabelled, null);
            Volatile.Write(ref _version, _version + 1);
        }

        Import(states);
    }

    private SeriesState[] Validated(IEnumerable<SeriesState> series)
    {
        ArgumentNullException.ThrowIfNull(series);
        var states = series.ToArray();
        for (var i = 0; i < states.Length; i++)
        {
            if (Problem(states[i]) is { } problem)
            {
                throw new InvalidDataException(
                    $"Cannot import series {i} {Describe(states[i])} into metric '{Name}': {problem}");
            }
        }

        return states;
    }

    private void Import(SeriesState[] states)
    {
        foreach (var state in states)
        {
            ImportChild(state.IsOverflow ? OverflowSeries() : WithStoredLabels([.. state.LabelValues]), state);
        }
    }

    /// <summary>Reads one series' value, consistently.</summary>
    private protected abstract SeriesState ExportChild(TChild child, string[] labelValues, bool isOverflow);

    /// <summary>Adds a validated state into a series without counting it as a folded update.</summary>
    private protected abstract void ImportChild(TChild child, in SeriesState state);

    /// <summary>What is wrong with a state's value for this family's type; null when it fits.</summary>
    private protected virtual string? ValueProblem(in SeriesState state) =>
        state.BucketCounts is null ? null : "it has bucket counts, which only a histogram series has.";

    private static string Describe(in SeriesState state) =>
        state.LabelValues is null ? "(no label values)" : $"({string.Join(", ", state.LabelValues.Select(v => $"\"{v}\""))})";

    private string? Problem(in SeriesState state)
    {
        if (state.LabelValues is null)
        {
            return "its label values are missing.";
        }

        if (state.LabelValues.Count != LabelNames.Count)
        {
            return $"it has {state.LabelValues.Count} label value(s); the family has {LabelNames.Count} label name(s) ({string.Join(", ", LabelNames)}).";
        }

        if (state.IsOverflow && LabelNames.Count == 0)
        {
            return "it is marked as the overflow series, which a family without labels never has.";
        }

        if (state.IsOverflow && state.LabelValues.Any(v => v != OverflowLabelValue))
        {
            return $"it is marked as the overflow series, but not all its label values are '{OverflowLabelValue}'.";
        }

        if (!state.IsOverflow && state.LabelValues.Any(v => v == OverflowLabelValue))
        {
            return $"its label value '{OverflowLabelValue}' is reserved for the overflow series (a caller's is kept as '\\{OverflowLabelValue}').";
        }

        return ValueProblem(state);
    }

    private TChild OverflowSeries()
    {
        lock (_createLock)
        {
            return Overflow().Value;
        }
    }
}
