using System.Collections.Concurrent;

namespace Observability.Metrics;

/// <summary>A family whose series are <typeparamref name="TChild"/> instances, one per label-value set.</summary>
/// <remarks>
/// A lookup of an existing series hashes the values and allocates nothing. A miss takes a lock,
/// cuts over-long values, replaces lone surrogates with U+FFFD (as UTF-8 will, so two values never
/// become two series that look the same on the wire), and either creates the series or, once <see cref="MetricFamily.MaxSeries"/>
/// is reached, returns the overflow series whose every label value is <see cref="OverflowLabelValue"/>.
/// </remarks>
/// <typeparam name="TChild">The series type.</typeparam>
public abstract class MetricFamily<TChild> : MetricFamily
    where TChild : class
{
    /// <summary>The value of every label of the overflow series.</summary>
    public const string OverflowLabelValue = "__overflow__";

    private readonly ConcurrentDictionary<LabelKey, TChild> _children = new(LabelKeyComparer.Instance);
    private readonly ConcurrentDictionary<LabelKey, TChild>.AlternateLookup<ReadOnlySpan<string>> _lookup;
    private readonly Lock _createLock = new();
    private readonly int _maxLabelValueLength;
    private TChild? _unlabelled;
    private KeyValuePair<LabelKey, TChild>? _overflow;
    private KeyValuePair<LabelKey, TChild>[] _sorted = [];
    private int _version;
    private int _sortedVersion = -1;

    private protected MetricFamily(
        MetricRegistry registry, string name, string help, MetricType type, string[] labelNames, int maxSeries)
        : base(name, help, type, labelNames, maxSeries)
    {
        Registry = registry;
        _maxLabelValueLength = registry.Options.MaxLabelValueLength;
        _lookup = _children.GetAlternateLookup<ReadOnlySpan<string>>();
    }

    /// <summary>The family's only series, when it has no labels.</summary>
    /// <exception cref="InvalidOperationException">The family has labels.</exception>
    public TChild Unlabelled => _unlabelled
        ?? throw new InvalidOperationException($"Metric '{Name}' has labels ({string.Join(", ", LabelNames)}); use WithLabels.");

    /// <inheritdoc />
    public override int SeriesCount => _children.Count + (_overflow is null ? 0 : 1);

    private protected MetricRegistry Registry { get; }

    /// <summary>The series for these label values, in label-name order; created at 0 on first use.</summary>
    /// <exception cref="ArgumentException">The number of values differs from the number of label names.</exception>
    public TChild WithLabels(params ReadOnlySpan<string> labelValues)
    {
        if (_lookup.TryGetValue(labelValues, out var child))
        {
            return child;
        }

        return GetOrCreate(labelValues);
    }

    internal override void Precreate(IReadOnlyList<string> labelValues) => WithLabels([.. labelValues]);

    internal KeyValuePair<LabelKey, TChild>[] SortedSeries()
    {
        var version = Volatile.Read(ref _version);
        if (version == Volatile.Read(ref _sortedVersion))
        {
            return Volatile.Read(ref _sorted);
        }

        lock (_createLock)
        {
            var list = _children.ToList();
            list.Sort(static (a, b) => a.Key.CompareTo(b.Key));
            if (_overflow is { } overflow)
            {
                list.Add(overflow);
            }

            var sorted = list.ToArray();
            Volatile.Write(ref _sorted, sorted);
            Volatile.Write(ref _sortedVersion, _version);
            return sorted;
        }
    }

    private protected abstract TChild CreateChild(Counter? foldedUpdates);

    /// <summary>
    /// Creates the only series of a family without labels, so it exists from the first scrape. Derived
    /// constructors call this last: creating a child needs their fields (histogram bounds).
    /// </summary>
    private protected void CreateUnlabelledSeries()
    {
        if (LabelNames.Count == 0)
        {
            _unlabelled = CreateChild(foldedUpdates: null);
            _children[LabelKey.Empty] = _unlabelled;
            _version++;
        }
    }

    private TChild GetOrCreate(ReadOnlySpan<string> labelValues)
    {
        if (labelValues.Length != LabelNames.Count)
        {
            throw new ArgumentException(
                $"Metric '{Name}' takes {LabelNames.Count} label value(s) ({string.Join(", ", LabelNames)}); {labelValues.Length} given.",
                nameof(labelValues));
        }

        var values = new string[labelValues.Length];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = Escaping.ReplaceLoneSurrogates(Escaping.Truncate(labelValues[i] ?? string.Empty, _maxLabelValueLength));
        }

        lock (_createLock)
        {
            if (_lookup.TryGetValue(values, out var existing))
            {
                return existing;
            }

            if (_children.Count >= MaxSeries)
            {
                return Overflow().Value;
            }

            var key = new LabelKey(values);
            key.Encode(LabelNames);
            var child = CreateChild(foldedUpdates: null);
            _children[key] = child;
            Volatile.Write(ref _version, _version + 1);
            return child;
        }
    }

    private KeyValuePair<LabelKey, TChild> Overflow()
    {
        if (_overflow is { } overflow)
        {
            return overflow;
        }

        var key = new LabelKey(Enumerable.Repeat(OverflowLabelValue, LabelNames.Count).ToArray());
        key.Encode(LabelNames);
        var created = new KeyValuePair<LabelKey, TChild>(key, CreateChild(FoldedUpdates));
        _overflow = created;
        Volatile.Write(ref _version, _version + 1);
        return created;
    }
}
