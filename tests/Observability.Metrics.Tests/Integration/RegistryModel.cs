using System.Text;
using Microsoft.Extensions.Time.Testing;
using Observability.Metrics.Exposition;

namespace Observability.Metrics.Tests.Integration;

/// <summary>One sample as Prometheus should store it: name, labels (empty values dropped, as Prometheus does) and value.</summary>
internal sealed record ExpectedSample(string Name, IReadOnlyList<KeyValuePair<string, string>> Labels, double Value)
{
    public string Key => SampleKey.Of(Name, Labels);
}

/// <summary>One exemplar as Prometheus should store it, with the series it belongs to.</summary>
internal sealed record ExpectedExemplar(
    string SeriesName,
    IReadOnlyList<KeyValuePair<string, string>> SeriesLabels,
    IReadOnlyList<KeyValuePair<string, string>> Labels,
    double Value,
    long UnixMilliseconds)
{
    public string SeriesKey => SampleKey.Of(SeriesName, SeriesLabels);
}

/// <summary>A canonical, unambiguous key for a sample: name, then its non-empty labels sorted by name, values quoted.</summary>
internal static class SampleKey
{
    public static string Of(string name, IEnumerable<KeyValuePair<string, string>> labels)
    {
        var builder = new StringBuilder(name);
        foreach (var (label, value) in labels.Where(l => l.Value.Length > 0).OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            builder.Append(", ").Append(label).Append('=').Append(Quote(value));
        }

        return builder.ToString();
    }

    /// <summary>A readable, unambiguous rendering of a string: C#-style escapes for anything unusual.</summary>
    public static string Quote(string value)
    {
        var builder = new StringBuilder("\"");
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c is '"' or '\\')
            {
                builder.Append('\\').Append(c);
            }
            else if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                builder.Append(c).Append(value[++i]);
            }
            else if (char.IsControl(c) || char.IsSurrogate(c) || c is '\u2028' or '\u2029' or '\uFFFD')
            {
                builder.Append($"\\u{(int)c:X4}");
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.Append('"').ToString();
    }
}

/// <summary>
/// An independent model of a <see cref="MetricRegistry"/>: every update goes to the real registry and to
/// the model, which knows from the documented rules (truncation, overflow, bucket counting, exemplars)
/// which samples the registry must expose, and so which samples Prometheus must store.
/// </summary>
internal sealed class RegistryModel
{
    public const string OverflowValue = "__overflow__";

    private readonly List<FamilyModel> _families = [];
    private readonly string _prefix;

    public RegistryModel(string ns, DateTimeOffset clock, int maxLabelValueLength = MetricRegistryOptions.DefaultMaxLabelValueLength)
    {
        Registry = new MetricRegistry(new MetricRegistryOptions
        {
            Namespace = ns,
            MaxLabelValueLength = maxLabelValueLength,
            TimeProvider = new FakeTimeProvider(clock),
        });
        ClockMilliseconds = clock.ToUnixTimeMilliseconds();
        MaxLabelValueLength = maxLabelValueLength;
        _prefix = ns.Length > 0 ? ns + "_" : string.Empty;
    }

    public MetricRegistry Registry { get; }

    public long ClockMilliseconds { get; }

    /// <summary>
    /// What every counter and histogram series' OpenMetrics <c>_created</c> sample holds: the clock (fixed) when it was
    /// created, in seconds; Prometheus 2.42 stores <c>_created</c> lines as samples of their own.
    /// </summary>
    public double CreatedSeconds => ClockMilliseconds / 1000.0;

    public int MaxLabelValueLength { get; }

    public IReadOnlyList<FamilyModel> Families => _families;

    /// <summary>What the library keeps of a label value: at most the limit in UTF-16 units, never half a surrogate pair.</summary>
    public static string Truncate(string value, int max)
    {
        if (value.Length <= max)
        {
            return value;
        }

        return value[..(char.IsHighSurrogate(value[max - 1]) ? max - 1 : max)];
    }

    /// <summary>What a string becomes on the wire: UTF-8, a lone surrogate replaced by U+FFFD.</summary>
    public static string Utf8RoundTrip(string value) => Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(value));

    public CounterModel Counter(string name, string help, string[] labelNames, int? maxSeries = null, IReadOnlyList<string[]>? known = null)
    {
        var real = Registry.CreateCounter(name, help, Options(labelNames, maxSeries, null, known));
        return Add(new CounterModel(this, real, known));
    }

    public GaugeModel Gauge(string name, string help, string[] labelNames, int? maxSeries = null, IReadOnlyList<string[]>? known = null)
    {
        var real = Registry.CreateGauge(name, help, Options(labelNames, maxSeries, null, known));
        return Add(new GaugeModel(this, real, known));
    }

    public HistogramModel Histogram(
        string name, string help, IReadOnlyList<double>? buckets, string[] labelNames, int? maxSeries = null, IReadOnlyList<string[]>? known = null)
    {
        var real = Registry.CreateHistogram(name, help, Options(labelNames, maxSeries, buckets, known));
        var bounds = (buckets ?? HistogramBuckets.Default).Where(b => !double.IsPositiveInfinity(b)).ToArray();
        return Add(new HistogramModel(this, real, bounds, known));
    }

    /// <summary>Every sample the registry exposes in <paramref name="format"/>, its self-metrics included.</summary>
    public IReadOnlyList<ExpectedSample> Samples(ExpositionFormat format)
    {
        var samples = _families.SelectMany(f => f.Samples(format)).ToList();

        // The registry's own families: series per family, and updates folded into overflow series.
        var seriesName = _prefix + "metric_series";
        var foldedName = _prefix + "metric_series_folded_total";
        var familyCount = _families.Count + 2;
        foreach (var (name, series, folded) in _families.Select(f => (f.Name, f.SeriesCount, f.Folded))
                     .Append((seriesName, familyCount, 0L))
                     .Append((foldedName, familyCount, 0L)))
        {
            samples.Add(new ExpectedSample(seriesName, [new("family", name)], series));
            samples.Add(new ExpectedSample(foldedName, [new("family", name)], folded));
            if (format == ExpositionFormat.OpenMetrics)
            {
                samples.Add(new ExpectedSample(_prefix + "metric_series_folded_created", [new("family", name)], CreatedSeconds));
            }
        }

        return samples;
    }

    /// <summary>The exemplars an OpenMetrics scrape carries (the text format carries none).</summary>
    public IReadOnlyList<ExpectedExemplar> Exemplars() => [.. _families.SelectMany(f => f.Exemplars())];

    private static MetricOptions Options(string[] labelNames, int? maxSeries, IReadOnlyList<double>? buckets, IReadOnlyList<string[]>? known) => new()
    {
        LabelNames = labelNames,
        MaxSeries = maxSeries,
        Buckets = buckets,
        KnownLabelSets = known,
    };

    private T Add<T>(T family)
        where T : FamilyModel
    {
        _families.Add(family);
        return family;
    }
}

/// <summary>The model of one family: its series by (truncated) label values, and its overflow series.</summary>
internal abstract class FamilyModel
{
    private protected FamilyModel(RegistryModel owner, MetricFamily real)
    {
        Owner = owner;
        Name = real.Name;
        LabelNames = [.. real.LabelNames];
        MaxSeries = real.MaxSeries;
    }

    public string Name { get; }

    public string[] LabelNames { get; }

    public int MaxSeries { get; }

    /// <summary>Updates that went to the overflow series.</summary>
    public long Folded { get; set; }

    public abstract int SeriesCount { get; }

    private protected RegistryModel Owner { get; }

    public abstract IEnumerable<ExpectedSample> Samples(ExpositionFormat format);

    public abstract IEnumerable<ExpectedExemplar> Exemplars();

    /// <summary>Labels as Prometheus stores them: UTF-8 round trip of the kept value.</summary>
    private protected List<KeyValuePair<string, string>> WireLabels(string[] values) =>
        [.. LabelNames.Zip(values, (n, v) => new KeyValuePair<string, string>(n, RegistryModel.Utf8RoundTrip(v)))];
}

internal abstract class FamilyModel<TSeries> : FamilyModel
    where TSeries : SeriesModel
{
    private readonly Dictionary<string, TSeries> _series = new(StringComparer.Ordinal);
    private readonly HashSet<string> _wireKeys = new(StringComparer.Ordinal);
    private TSeries? _overflow;

    private protected FamilyModel(RegistryModel owner, MetricFamily real)
        : base(owner, real)
    {
    }

    public override int SeriesCount => _series.Count + (_overflow is null ? 0 : 1);

    private protected IEnumerable<TSeries> AllSeries => _overflow is null ? _series.Values : _series.Values.Append(_overflow);

    /// <summary>
    /// Whether these values would make a new series whose exposed labels equal an existing series'
    /// (distinct strings that are the same after the UTF-8 round trip, e.g. two lone surrogates).
    /// </summary>
    public bool WouldDuplicateOnWire(params string[] values)
    {
        var kept = Kept(values);
        return !_series.ContainsKey(Key(kept)) && _wireKeys.Contains(Key([.. kept.Select(RegistryModel.Utf8RoundTrip)]));
    }

    /// <summary>The series for these values, from both the model and the library (which must agree).</summary>
    public TSeries WithLabels(params string[] values)
    {
        var kept = Kept(values);
        var key = Key(kept);
        if (_series.TryGetValue(key, out var existing))
        {
            return Check(existing, values);
        }

        if (_series.Count >= MaxSeries)
        {
            _overflow ??= Create([.. Enumerable.Repeat(RegistryModel.OverflowValue, LabelNames.Length)], values, overflow: true);
            return Check(_overflow, values);
        }

        var created = Create(kept, values, overflow: false);
        if (AllSeries.Any(s => ReferenceEquals(s.Real, created.Real)))
        {
            throw new InvalidOperationException(
                $"The library mapped new labels ({string.Join(", ", values.Select(SampleKey.Quote))}) of {Name} to an existing series.");
        }

        _series[key] = created;
        _wireKeys.Add(Key([.. kept.Select(RegistryModel.Utf8RoundTrip)]));
        return created;
    }

    private protected abstract TSeries Create(string[] kept, string[] original, bool overflow);

    private protected abstract object RealChild(string[] original);

    private static string Key(string[] values) => string.Concat(values.Select(v => $"{v.Length}:{v}"));

    private string[] Kept(string[] values) =>
        [.. values.Select(v => RegistryModel.Utf8RoundTrip(RegistryModel.Truncate(v ?? string.Empty, Owner.MaxLabelValueLength)))];

    private TSeries Check(TSeries series, string[] original)
    {
        if (!ReferenceEquals(series.Real, RealChild(original)))
        {
            throw new InvalidOperationException(
                $"The library mapped labels ({string.Join(", ", original.Select(SampleKey.Quote))}) of {Name} to another series than the model.");
        }

        return series;
    }
}

internal abstract class SeriesModel(FamilyModel family, string[] kept, object real, bool overflow)
{
    public string[] Kept { get; } = kept;

    public object Real { get; } = real;

    private protected void Updated()
    {
        if (overflow)
        {
            family.Folded++;
        }
    }
}

/// <summary>An exemplar as the library keeps it and as Prometheus should store it.</summary>
internal sealed class ExemplarModel
{
    public ExemplarModel(params (string Name, string Value)[] labels)
    {
        Real = labels.Length == 1
            ? Exemplar.Of(labels[0].Name, labels[0].Value)
            : new Exemplar([.. labels.Select(l => new KeyValuePair<string, string>(l.Name, l.Value))]);

        // Exemplar.Of cuts the value so that name and value fit in 128 characters; the constructor keeps it.
        // Either way NUL becomes U+FFFD, since Prometheus rejects a NUL in an exemplar and fails the scrape.
        Stored = [.. labels.Select(l => new KeyValuePair<string, string>(
            l.Name,
            AsPrometheusStoresIt(RegistryModel.Utf8RoundTrip(
                labels.Length == 1 ? RegistryModel.Truncate(l.Value, Exemplar.MaxLabelCharacters - l.Name.Length) : l.Value)
                .Replace('\0', '\uFFFD'))))];
    }

    public Exemplar Real { get; }

    /// <summary>The labels as Prometheus' exemplar storage ends up with them.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Stored { get; }

    /// <summary>
    /// Prometheus (2.42, and its OpenMetrics parser to date) does not unescape exemplar label values: its
    /// <c>OpenMetricsParser.Exemplar</c> keeps the bytes between the quotes, while <c>Metric</c> unescapes
    /// series label values. So an exemplar value is stored as the library escaped it: backslash, double quote
    /// and line feed each still preceded by a backslash (a line feed as backslash-n).
    /// </summary>
    private static string AsPrometheusStoresIt(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("\"", "\\\"", StringComparison.Ordinal)
            .Replace("\n", "\\n", StringComparison.Ordinal);
}

internal sealed class CounterModel : FamilyModel<CounterModel.Series>
{
    private readonly CounterFamily _real;

    public CounterModel(RegistryModel owner, CounterFamily real, IReadOnlyList<string[]>? known)
        : base(owner, real)
    {
        _real = real;
        Precreate(known);
    }

    public Series Unlabelled => WithLabels();

    public override IEnumerable<ExpectedSample> Samples(ExpositionFormat format) =>
        AllSeries.SelectMany(s => format == ExpositionFormat.OpenMetrics
            ? (IEnumerable<ExpectedSample>)
            [
                new ExpectedSample(Name, WireLabels(s.Kept), s.Value),
                new ExpectedSample(Name[..^"_total".Length] + "_created", WireLabels(s.Kept), Owner.CreatedSeconds),
            ]
            : [new ExpectedSample(Name, WireLabels(s.Kept), s.Value)]);

    public override IEnumerable<ExpectedExemplar> Exemplars() =>
        AllSeries.Where(s => s.Exemplar is not null)
            .Select(s => new ExpectedExemplar(Name, WireLabels(s.Kept), s.Exemplar!.Value.Labels.Stored, s.Exemplar.Value.Value, Owner.ClockMilliseconds));

    private protected override Series Create(string[] kept, string[] original, bool overflow) =>
        new(this, kept, _real.WithLabels(original), overflow);

    private protected override object RealChild(string[] original) => _real.WithLabels(original);

    private void Precreate(IReadOnlyList<string[]>? known)
    {
        if (LabelNames.Length == 0)
        {
            WithLabels();
        }

        foreach (var set in known ?? [])
        {
            WithLabels(set);
        }
    }

    internal sealed class Series(CounterModel family, string[] kept, Counter real, bool overflow)
        : SeriesModel(family, kept, real, overflow)
    {
        // Whole increments below 2^53 are summed exactly as integers, the rest as doubles (Counter's documented split).
        private long _whole;
        private double _fraction;

        public double Value => _whole + _fraction;

        public (ExemplarModel Labels, double Value)? Exemplar { get; private set; }

        public void Inc()
        {
            real.Inc();
            _whole++;
            Updated();
        }

        public void Inc(long amount)
        {
            real.Inc(amount);
            _whole += amount;
            Updated();
        }

        public void Inc(double amount)
        {
            real.Inc(amount);
            Add(amount);
            Updated();
        }

        public void Inc(double amount, ExemplarModel exemplar)
        {
            real.Inc(amount, exemplar.Real);
            Add(amount);
            Exemplar = (exemplar, amount);
            Updated();
        }

        private void Add(double amount)
        {
            if (amount < 9007199254740992d && amount == Math.Floor(amount))
            {
                _whole += (long)amount;
            }
            else
            {
                _fraction += amount;
            }
        }
    }
}

internal sealed class GaugeModel : FamilyModel<GaugeModel.Series>
{
    private readonly GaugeFamily _real;

    public GaugeModel(RegistryModel owner, GaugeFamily real, IReadOnlyList<string[]>? known)
        : base(owner, real)
    {
        _real = real;
        if (LabelNames.Length == 0)
        {
            WithLabels();
        }

        foreach (var set in known ?? [])
        {
            WithLabels(set);
        }
    }

    public Series Unlabelled => WithLabels();

    public override IEnumerable<ExpectedSample> Samples(ExpositionFormat format) =>
        AllSeries.Select(s => new ExpectedSample(Name, WireLabels(s.Kept), s.Value));

    public override IEnumerable<ExpectedExemplar> Exemplars() => [];

    private protected override Series Create(string[] kept, string[] original, bool overflow) =>
        new(this, kept, _real.WithLabels(original), overflow);

    private protected override object RealChild(string[] original) => _real.WithLabels(original);

    internal sealed class Series(GaugeModel family, string[] kept, Gauge real, bool overflow)
        : SeriesModel(family, kept, real, overflow)
    {
        public double Value { get; private set; }

        public void Set(double value)
        {
            real.Set(value);
            Value = value;
            Updated();
        }

        public void Inc(double amount)
        {
            real.Inc(amount);
            Value += amount;
            Updated();
        }
    }
}

internal sealed class HistogramModel : FamilyModel<HistogramModel.Series>
{
    private readonly HistogramFamily _real;

    public HistogramModel(RegistryModel owner, HistogramFamily real, double[] bounds, IReadOnlyList<string[]>? known)
        : base(owner, real)
    {
        _real = real;
        Bounds = bounds;
        if (LabelNames.Length == 0)
        {
            WithLabels();
        }

        foreach (var set in known ?? [])
        {
            WithLabels(set);
        }
    }

    public double[] Bounds { get; }

    public Series Unlabelled => WithLabels();

    /// <summary>The <c>le</c> strings of <paramref name="format"/>, <c>+Inf</c> last.</summary>
    public IReadOnlyList<string> Le(ExpositionFormat format) =>
        [.. Bounds.Select(format == ExpositionFormat.OpenMetrics ? GoFloat.FormatOpenMetrics : (Func<double, string>)GoFloat.Format), "+Inf"];

    public override IEnumerable<ExpectedSample> Samples(ExpositionFormat format)
    {
        var le = Le(format);
        foreach (var series in AllSeries)
        {
            var labels = WireLabels(series.Kept);
            long cumulative = 0;
            for (var i = 0; i < le.Count; i++)
            {
                cumulative += series.Counts[i];
                yield return new ExpectedSample(Name + "_bucket", [.. labels, new("le", le[i])], cumulative);
            }

            yield return new ExpectedSample(Name + "_sum", labels, series.Sum);
            yield return new ExpectedSample(Name + "_count", labels, cumulative);
            if (format == ExpositionFormat.OpenMetrics)
            {
                yield return new ExpectedSample(Name + "_created", labels, Owner.CreatedSeconds);
            }
        }
    }

    public override IEnumerable<ExpectedExemplar> Exemplars()
    {
        var le = Le(ExpositionFormat.OpenMetrics);
        foreach (var series in AllSeries)
        {
            for (var i = 0; i < le.Count; i++)
            {
                if (series.Exemplars[i] is var (exemplar, value))
                {
                    yield return new ExpectedExemplar(
                        Name + "_bucket", [.. WireLabels(series.Kept), new("le", le[i])], exemplar.Stored, value, Owner.ClockMilliseconds);
                }
            }
        }
    }

    private protected override Series Create(string[] kept, string[] original, bool overflow) =>
        new(this, kept, _real.WithLabels(original), overflow);

    private protected override object RealChild(string[] original) => _real.WithLabels(original);

    internal sealed class Series : SeriesModel
    {
        private readonly HistogramModel _family;
        private readonly Histogram _real;

        public Series(HistogramModel family, string[] kept, Histogram real, bool overflow)
            : base(family, kept, real, overflow)
        {
            _family = family;
            _real = real;
            Counts = new long[family.Bounds.Length + 1];
            Exemplars = new (ExemplarModel, double)?[family.Bounds.Length + 1];
        }

        /// <summary>Per-bucket (not cumulative) counts, +Inf last.</summary>
        public long[] Counts { get; }

        public double Sum { get; private set; }

        public (ExemplarModel Labels, double Value)?[] Exemplars { get; }

        public void Observe(double value)
        {
            _real.Observe(value);
            Record(value);
        }

        public void Observe(double value, ExemplarModel exemplar)
        {
            _real.Observe(value, exemplar.Real);
            Exemplars[Record(value)] = (exemplar, value);
        }

        private int Record(double value)
        {
            // The first bucket whose bound is >= value; NaN matches none and counts in +Inf.
            var index = Array.FindIndex(_family.Bounds, b => value <= b);
            index = index < 0 ? _family.Bounds.Length : index;
            Counts[index]++;
            Sum += value;
            Updated();
            return index;
        }
    }
}
