namespace Observability.Metrics.Tests.Integration;

/// <summary>
/// The hand-picked registry the main scrape jobs serve: every metric type, values at the edges of
/// float64, label values that need escaping, truncation, the overflow series, known label sets and
/// exemplars. Its <see cref="RegistryModel"/> knows every sample Prometheus must end up with.
/// </summary>
internal static class ScrapeScenario
{
    public const string LongValue = "a long value that is cut at 128 UTF-16 code units: ";

    /// <summary>Label values of <c>itest_escapes_total</c>, as given and as Prometheus must store them.</summary>
    public static readonly (string Given, string Stored)[] EscapedValues =
    [
        ("quote\"inside", "quote\"inside"),
        ("back\\slash", "back\\slash"),
        ("new\nline", "new\nline"),
        ("literal \\n is not a newline, nor is \\\"", "literal \\n is not a newline, nor is \\\""),
        ("braces {a=\"b\",c} and = , # EOF", "braces {a=\"b\",c} and = , # EOF"),
        ("unicode: żółć 日本語 🚀 👩‍👩‍👧‍👦", "unicode: żółć 日本語 🚀 👩‍👩‍👧‍👦"),
        ("rtl: שלום עולם مرحبا \u202Eevil\u202C", "rtl: שלום עולם مرحبا \u202Eevil\u202C"),
        ("controls: nul\0 soh\u0001 tab\t cr\r del\u007F", "controls: nul\0 soh\u0001 tab\t cr\r del\u007F"),
        (LongValue + new string('x', 200), (LongValue + new string('x', 200))[..128]),
        (new string('a', 127) + "😀 tail", new string('a', 127)),
        ("lone surrogate \uD800!", "lone surrogate \uFFFD!"),
    ];

    /// <summary>The bounds of <c>itest_latency_seconds</c> and their <c>le</c> strings, written out by hand.</summary>
    public static readonly double[] LatencyBounds = [1e-05, 0.1, 0.5, 1, 2.5, 1e6, 1.5e7];

    public static readonly string[] TextLe = ["1e-05", "0.1", "0.5", "1", "2.5", "1e+06", "1.5e+07", "+Inf"];

    public static readonly string[] OpenMetricsLe = ["1e-05", "0.1", "0.5", "1.0", "2.5", "1e+06", "1.5e+07", "+Inf"];

    public static RegistryModel Create(DateTimeOffset clock)
    {
        var model = new RegistryModel("itest", clock);

        var requests = model.Counter("requests_total", "Requests handled, by method and status code.", ["method", "code"]);
        requests.WithLabels("GET", "200").Inc();
        requests.WithLabels("GET", "200").Inc(2.5);
        requests.WithLabels("POST", "500").Inc(1, new ExemplarModel(("trace_id", "abc123")));
        requests.WithLabels("PUT", "201").Inc(1e300);

        model.Counter("plain_total", "A counter without labels; help with \\ backslash,\nnewline and \"quotes\".", []).Unlabelled.Inc(7);

        var escapes = model.Counter("escapes_total", "Label values that need escaping or are unusual.", ["value"]);
        foreach (var (given, _) in EscapedValues)
        {
            escapes.WithLabels(given).Inc();
        }

        escapes.WithLabels("quote\"inside").Inc(1, new ExemplarModel(("trace_id", "q\"b\\n\nü🚀")));

        var errors = model.Counter("errors_total", "Errors by severity; both severities exist from the start.", ["severity"], known: [["error"], ["warning"]]);
        errors.WithLabels("error").Inc(3);

        var tenants = model.Counter("tenant_requests_total", "Requests by tenant; at most two tenants are kept.", ["tenant"], maxSeries: 2);
        tenants.WithLabels("a").Inc();
        tenants.WithLabels("b").Inc();
        tenants.WithLabels("c").Inc(2);
        tenants.WithLabels("d").Inc(3);

        var temperature = model.Gauge("temperature_celsius", "Temperature by room, at the edges of float64.", ["room"]);
        foreach (var (room, value) in (ReadOnlySpan<(string, double)>)
                 [
                     ("negative", -3.5), ("nan", double.NaN), ("pos_inf", double.PositiveInfinity), ("neg_inf", double.NegativeInfinity),
                     ("negative_zero", -0.0), ("tiny", 1e-300), ("huge", 1e300), ("max", double.MaxValue), ("min", double.MinValue),
                     ("denormal", double.Epsilon), ("fraction", 0.1 + 0.2), ("million", 1e6), ("negative_fraction", -1234567.891),
                 ])
        {
            temperature.WithLabels(room).Set(value);
        }

        var latency = model.Histogram("latency_seconds", "Request latency by route.", LatencyBounds, ["route"]);
        latency.WithLabels("/x").Observe(0.3, new ExemplarModel(("event_id", "e-42")));
        latency.WithLabels("/x").Observe(0.05);
        latency.WithLabels("/x").Observe(2);
        latency.WithLabels("/x").Observe(5e6);
        latency.WithLabels("/x").Observe(1e-05);
        latency.WithLabels("/special").Observe(double.NaN);
        latency.WithLabels("/special").Observe(double.PositiveInfinity, new ExemplarModel(("trace_id", "inf"), ("span_id", "1")));
        latency.WithLabels("/special").Observe(-0.0);
        latency.WithLabels("/empty");

        model.Histogram("job_duration_seconds", "Job duration with the default buckets.", null, []).Unlabelled.Observe(0.2);

        return model;
    }
}
