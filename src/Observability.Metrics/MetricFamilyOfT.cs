using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace Observability.Metrics;

/// <summary>A family whose series are <typeparamref name="TChild"/> instances, one per label-value set.</summary>
/// <remarks>
/// A lookup of an existing series hashes the values and allocates nothing. A miss takes a lock,
/// cuts over-long values, replaces lone surrogates with U+FFFD (as UTF-8 will, so two values never
/// become two series that look the same on the wire), and either creates the series or, once <see cref="MetricFamily.MaxSeries"/>
/// is reached, returns the overflow series whose every label value is <see cref="OverflowLabelValue"/>. A caller's value
/// equal to it is kept with a leading backslash (<c>\__overflow__</c>), so it never lands in or beside the overflow
/// series; a value that already is backslashes and <c>__overflow__</c> gets one more, so no two values merge.
/// </remarks>
/// <typeparam name="TChild">The series type.</typeparam>
public abstract partial class MetricFamily<TChild> : MetricFamily
    where TChild : class
{
    /// <summary>The value of every label of the overflow series.</summary>
    public const string OverflowLabelValue = ReservedLabelValue.Overflow;

    private readonly ConcurrentDictionary<LabelKey, TChild> _children;
    private readonly ConcurrentDictionary<LabelKey, TChild>.AlternateLookup<ReadOnlySpan<string>> _lookup;
    private readonly Lock _createLock = new();
    private readonly int _maxLabelValueLength;
    private TChild? _unlabelled;
    private StrongBox<KeyValuePair<LabelKey, TChild>>? _overflow;
    private KeyValuePair<LabelKey, TChild>[] _sorted = [];
    private int _version;

    // ConcurrentDictionary.Count takes every internal lock; the cap check and SeriesCount use this instead.
    private int _count;
    private int _sortedVersion = -1;

    private protected MetricFamily(
        MetricRegistry registry, string name, string help, MetricType type, string[] labelNames, int maxSeries)
        : base(name, help, type, labelNames, maxSeries)
    {
        Registry = registry;
        _maxLabelValueLength = registry.Options.MaxLabelValueLength;
        _children = new ConcurrentDictionary<LabelKey, TChild>(new LabelKeyComparer(_maxLabelValueLength));
        _lookup = _children.GetAlternateLookup<ReadOnlySpan<string>>();
    }

    /// <summary>
    /// The family's only series, when it has no labels; created at 0 on first use when the family was registered
    /// without it (<see cref="MetricOptions.UnlabelledSeriesAtRegistration"/> false).
    /// </summary>
    /// <exception cref="InvalidOperationException">The family has labels.</exception>
    public TChild Unlabelled => Volatile.Read(ref _unlabelled)
        ?? (LabelNames.Count == 0
            ? WithLabels()
            : throw new InvalidOperationException($"Metric '{Name}' has labels ({string.Join(", ", LabelNames)}); use WithLabels."));

    /// <inheritdoc />
    public override int SeriesCount => Volatile.Read(ref _count) + (Volatile.Read(ref _overflow) is null ? 0 : 1);

    private protected MetricRegistry Registry { get; }

    /// <summary>The series for these label values, in label-name order; created at 0 on first use.</summary>
    /// <exception cref="ArgumentException">The number of values differs from the number of label names.</exception>
    public TChild WithLabels(params ReadOnlySpan<string> labelValues)
    {
        // A value to escape is looked up escaped: as given, it could find the series of the value it escapes to.
        if (!ReservedLabelValue.AnyEscapable(labelValues, _maxLabelValueLength) && _lookup.TryGetValue(labelValues, out var child))
        {
            return child;
        }

        return GetOrCreate(labelValues, escapeReserved: true);
    }

    /// <summary>
    /// Removes the series for these label values, so it is no longer written (a gauge whose value is undefined for
    /// now); a later <see cref="WithLabels"/> creates it afresh at 0. The family itself, HELP and TYPE, stays.
    /// </summary>
    /// <returns>True when the series existed.</returns>
    public bool Remove(params ReadOnlySpan<string> labelValues)
    {
        if (labelValues.Length != LabelNames.Count || labelValues.Length == 0)
        {
            return false;
        }

        string[]? escaped = null;
        if (ReservedLabelValue.AnyEscapable(labelValues, _maxLabelValueLength))
        {
            escaped = new string[labelValues.Length];
            for (var i = 0; i < escaped.Length; i++)
            {
                escaped[i] = ReservedLabelValue.Escape(Escaping.Truncate(labelValues[i] ?? string.Empty, _maxLabelValueLength));
            }
        }

        lock (_createLock)
        {
            if (!_lookup.TryRemove(escaped ?? labelValues, out _, out _))
            {
                return false;
            }

            Volatile.Write(ref _count, _count - 1);
            Volatile.Write(ref _version, _version + 1);
            return true;
        }
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
                list.Add(overflow.Value);
            }

            var sorted = list.ToArray();
            Volatile.Write(ref _sorted, sorted);
            Volatile.Write(ref _sortedVersion, _version);
            return sorted;
        }
    }

    private protected abstract TChild CreateChild(Counter? foldedUpdates);

    /// <summary>
    /// Creates the only series of a family without labels, so it exists from the first scrape. The registry calls
    /// it once the family is constructed (creating a child needs the derived type's fields, such as histogram bounds).
    /// </summary>
    internal override void CreateUnlabelledSeries()
    {
        if (LabelNames.Count == 0)
        {
            _ = WithLabels();
        }
    }

    /// <summary>The series of values as a series exports them (already cut and escaped), for an import.</summary>
    private protected TChild WithStoredLabels(string[] labelValues) =>
        _lookup.TryGetValue(labelValues, out var child) ? child : GetOrCreate(labelValues, escapeReserved: false);

    private TChild GetOrCreate(ReadOnlySpan<string> labelValues, bool escapeReserved)
    {
        if (labelValues.Length != LabelNames.Count)
        {
            throw new ArgumentException(
                $"Metric '{Name}' takes {LabelNames.Count} label value(s) ({string.Join(", ", LabelNames)}); {labelValues.Length} given.",
                nameof(labelValues));
        }

        // At the cap, new label sets go straight to the overflow series without the lock or an allocation.
        // Values with surrogates or to escape take the slow path: as kept, they could still match a series.
        if (Volatile.Read(ref _count) >= MaxSeries && Volatile.Read(ref _overflow) is { } full && !HasSurrogate(labelValues)
            && !ReservedLabelValue.AnyEscapable(labelValues, _maxLabelValueLength))
        {
            return full.Value.Value;
        }

        var values = new string[labelValues.Length];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = Escaping.ReplaceLoneSurrogates(Escaping.Truncate(labelValues[i] ?? string.Empty, _maxLabelValueLength));
            if (escapeReserved)
            {
                values[i] = ReservedLabelValue.Escape(values[i]);
            }
        }

        lock (_createLock)
        {
            if (_lookup.TryGetValue(values, out var existing))
            {
                return existing;
            }

            if (_count >= MaxSeries)
            {
                return Overflow().Value;
            }

            var key = values.Length == 0 ? LabelKey.Empty : new LabelKey(values);
            key.Encode(LabelNames);
            var child = CreateChild(foldedUpdates: null);
            _children[key] = child;
            if (values.Length == 0)
            {
                Volatile.Write(ref _unlabelled, child);
            }

            Volatile.Write(ref _count, _count + 1);
            Volatile.Write(ref _version, _version + 1);
            return child;
        }
    }

    private static bool HasSurrogate(ReadOnlySpan<string> values)
    {
        foreach (var value in values)
        {
            foreach (var c in value ?? string.Empty)
            {
                if (char.IsSurrogate(c))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private KeyValuePair<LabelKey, TChild> Overflow()
    {
        if (_overflow is { } overflow)
        {
            return overflow.Value;
        }

        var key = new LabelKey(Enumerable.Repeat(OverflowLabelValue, LabelNames.Count).ToArray());
        key.Encode(LabelNames);
        var created = new KeyValuePair<LabelKey, TChild>(key, CreateChild(FoldedUpdates));
        Volatile.Write(ref _overflow, new StrongBox<KeyValuePair<LabelKey, TChild>>(created));
        Volatile.Write(ref _version, _version + 1);
        return created;
    }
}
