using System.Globalization;
using System.Text;

namespace Observability.Metrics.Tests.Integration;

/// <summary>
/// Seeded random registries with hostile content: label values with every character the formats must
/// escape or pass through, special and extreme values, random bucket layouts, exemplars. The names are
/// lint-clean (counters end in <c>_total</c>, units in names, HELP everywhere), so any promtool or
/// Prometheus complaint is about the exposition itself.
/// </summary>
internal static class HostileRegistry
{
    /// <summary>Fragments a label value is built from.</summary>
    public static readonly string[] Fragments =
    [
        string.Empty, " ", "\"", "\\", "\n", "\\n", "\\\"", "\"\\", "\r\n", "\t", "{", "}", "=", ",", "a=\"b\",c=\"d\"}",
        "} 1\nfake_metric_total 2", "# HELP x y", "# EOF", "le=\"+Inf\"", "NaN",
        "żółć", "日本語", "🚀", "👩‍👩‍👧‍👦", "שלום עולם", "مرحبا بالعالم", "\u202Eevil\u202C", "e\u0301", "\u200B", "\uFEFF", "\uFFFD", "\uFFFF",
        "\0", "\u0001", "\u001F", "\u007F", "\u0085", "\u2028",
        "\uD800", "x\uDC00y", "\uDBFF",
    ];

    private static readonly double[] SpecialValues =
    [
        double.NaN, double.PositiveInfinity, double.NegativeInfinity, 0, -0.0, 1, -1, 0.1, -3.5, 1e-300, 1e300, -1e300,
        double.Epsilon, double.MaxValue, double.MinValue, 1e6, 123456.789, 1e15, 9.5e15, 0.30000000000000004, 1e-5,
    ];

    private static readonly double[] BoundCandidates =
    [
        -1e300, -1e6, -5, -0.5, -0.0, 0, 1e-300, 1e-5, 0.001, 0.005, 0.1, 0.25, 0.5, 1, 2.5, 10, 100, 123456.7, 1e6, 1.5e7, 1e21, 1e300,
    ];

    private static readonly string[] LabelNamePool =
        ["method", "code", "route", "tenant", "region", "path", "shard_2", "zone", "kind", "reason", "_hidden", "a_b_c"];

    /// <summary>A random registry for <paramref name="seed"/>; the same seed gives the same registry.</summary>
    public static RegistryModel Create(int seed, DateTimeOffset clock)
    {
        var random = new Random(seed);
        var model = new RegistryModel($"fuzz{seed}", clock);
        var families = random.Next(3, 9);
        for (var f = 0; f < families; f++)
        {
            var labelNames = LabelNamePool.OrderBy(_ => random.Next()).Take(random.Next(0, 4)).ToArray();
            var help = "Hostile help " + HostileText(random, 60);
            switch (random.Next(3))
            {
                case 0:
                    AddCounter(random, model.Counter($"f{f}_events_total", help, labelNames), labelNames.Length);
                    break;
                case 1:
                    AddGauge(random, model.Gauge(random.Next(2) == 0 ? $"f{f}_temperature_celsius" : $"f{f}_ratio", help, labelNames), labelNames.Length);
                    break;
                default:
                    var buckets = random.Next(5) == 0 ? null : RandomBuckets(random);
                    AddHistogram(random, model.Histogram($"f{f}_duration_seconds", help, buckets, labelNames), labelNames.Length);
                    break;
            }
        }

        return model;
    }

    /// <summary>A hostile string: fragments, random code points and sometimes a value far over the length limit.</summary>
    public static string HostileText(Random random, int maxFragments)
    {
        var builder = new StringBuilder();
        var kind = random.Next(10);
        if (kind == 0)
        {
            return string.Empty;
        }

        if (kind == 1)
        {
            // Just under the limit, then a surrogate pair across it.
            return new string('a', 127) + "😀" + new string('b', random.Next(0, 50));
        }

        var count = kind == 2 ? random.Next(40, maxFragments * 2) : random.Next(1, 6);
        for (var i = 0; i < count; i++)
        {
            builder.Append(random.Next(4) switch
            {
                0 => char.ConvertFromUtf32(random.Next(0x20, 0x7F)),
                1 => char.ConvertFromUtf32(RandomScalar(random)),
                _ => Fragments[random.Next(Fragments.Length)],
            });
        }

        return builder.ToString();
    }

    public static double SpecialValue(Random random) => random.Next(3) switch
    {
        0 => (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-20, 20)),
        _ => SpecialValues[random.Next(SpecialValues.Length)],
    };

    private static int RandomScalar(Random random)
    {
        while (true)
        {
            var c = random.Next(0x80, 0x110000);
            if (c is < 0xD800 or > 0xDFFF)
            {
                return c;
            }
        }
    }

    private static double[] RandomBuckets(Random random)
    {
        var count = random.Next(1, 22);
        var values = new HashSet<double>();
        while (values.Count < count)
        {
            values.Add(random.Next(2) == 0
                ? BoundCandidates[random.Next(BoundCandidates.Length)]
                : Math.Round((random.NextDouble() - 0.3) * 100, random.Next(0, 4)) * Math.Pow(10, random.Next(-3, 4)));
        }

        var sorted = values.Order().ToList();
        if (random.Next(4) == 0)
        {
            sorted.Add(double.PositiveInfinity); // an explicit +Inf is implicit and dropped.
        }

        return [.. sorted];
    }

    private static string[] LabelValues(Random random, int count) => [.. Enumerable.Range(0, count).Select(_ => HostileText(random, 60))];

    /// <summary>New label values that do not collide on the wire with an existing series (see the library bug in the report).</summary>
    private static string[] NewLabelValues<T>(Random random, FamilyModel<T> family)
        where T : SeriesModel
    {
        while (true)
        {
            var values = LabelValues(random, family.LabelNames.Length);
            if (!family.WouldDuplicateOnWire(values))
            {
                return values;
            }
        }
    }

    private static ExemplarModel RandomExemplar(Random random) => random.Next(3) == 0
        ? new ExemplarModel(("trace_id", $"{random.Next():x8}"), ("span_id", random.Next(1000).ToString(CultureInfo.InvariantCulture)))
        : new ExemplarModel((random.Next(2) == 0 ? "trace_id" : "event_id", HostileText(random, 30)));

    private static void AddCounter(Random random, CounterModel family, int labels)
    {
        foreach (var _ in Enumerable.Range(0, labels == 0 ? 1 : random.Next(0, 12)))
        {
            var series = labels == 0 ? family.Unlabelled : family.WithLabels(NewLabelValues(random, family));
            foreach (var __ in Enumerable.Range(0, random.Next(0, 4)))
            {
                switch (random.Next(5))
                {
                    case 0: series.Inc(); break;
                    case 1: series.Inc(random.Next(0, 1000)); break;
                    case 2: series.Inc(NonNegative(SpecialValue(random))); break;
                    case 3: series.Inc(-0.0); break;
                    default: series.Inc(random.Next(4) * 0.25, RandomExemplar(random)); break;
                }
            }
        }
    }

    private static double NonNegative(double value) => double.IsNaN(value) ? 0.5 : Math.Abs(value);

    private static void AddGauge(Random random, GaugeModel family, int labels)
    {
        foreach (var _ in Enumerable.Range(0, labels == 0 ? 1 : random.Next(0, 12)))
        {
            var series = labels == 0 ? family.Unlabelled : family.WithLabels(NewLabelValues(random, family));
            foreach (var __ in Enumerable.Range(0, random.Next(0, 3)))
            {
                if (random.Next(3) == 0)
                {
                    series.Inc(SpecialValue(random));
                }
                else
                {
                    series.Set(SpecialValue(random));
                }
            }
        }
    }

    private static void AddHistogram(Random random, HistogramModel family, int labels)
    {
        foreach (var _ in Enumerable.Range(0, labels == 0 ? 1 : random.Next(0, 6)))
        {
            var series = labels == 0 ? family.Unlabelled : family.WithLabels(NewLabelValues(random, family));
            foreach (var __ in Enumerable.Range(0, random.Next(0, 12)))
            {
                // Values on a bound land in that bound's bucket; include them.
                var value = random.Next(4) == 0 ? family.Bounds[random.Next(family.Bounds.Length)] : SpecialValue(random);
                if (random.Next(4) == 0)
                {
                    series.Observe(value, RandomExemplar(random));
                }
                else
                {
                    series.Observe(value);
                }
            }
        }
    }
}
