using System.Globalization;
using Observability.Metrics.Exposition;

namespace Observability.Metrics.Tests;

public sealed class ConcurrencyTests
{
    private const int Writers = 4;
    private const int UpdatesPerWriter = 200_000;

    [Fact]
    public async Task CounterAndGauge_ManyWritersWhileScraping_FinalTotalsExactAndNeverDecrease()
    {
        var registry = new MetricRegistry();
        var counter = registry.CreateCounter("c_total", "help", "w").WithLabels("x");
        var gauge = registry.CreateGauge("g", "help").Unlabelled;
        using var stop = new CancellationTokenSource();

        var scraper = Dedicated(() =>
        {
            var last = 0.0;
            var scrapes = 0;
            do
            {
                var value = ReadSample(registry.CollectAsString(ExpositionFormat.PrometheusText), "c_total{w=\"x\"}");
                Assert.True(value >= last, $"counter went from {last} to {value}");
                last = value;
                scrapes++;
            }
            while (!stop.IsCancellationRequested);

            return scrapes;
        });

        await Task.WhenAll(Enumerable.Range(0, Writers).Select(_ => Dedicated(() =>
        {
            for (var i = 0; i < UpdatesPerWriter; i++)
            {
                counter.Inc();
                counter.Inc(0.5);
                gauge.Inc();
                gauge.Dec(0.5);
            }

            return 0;
        })));
        await stop.CancelAsync();
        var scrapes = await scraper;

        Assert.Equal(Writers * UpdatesPerWriter * 1.5, counter.Value);
        Assert.Equal(Writers * UpdatesPerWriter * 0.5, gauge.Value);
        Assert.True(scrapes > 0);
    }

    [Fact]
    public async Task Histogram_ManyObserversWhileScraping_EveryScrapeIsConsistent()
    {
        var registry = new MetricRegistry();
        var histogram = registry.CreateHistogram("h_seconds", "help", [1, 5], "w").WithLabels("x");
        using var stop = new CancellationTokenSource();

        // Observers record only 1 (bucket le=1) and 3 (bucket le=5), so a consistent read has
        // sum == 1*b[0] + 3*b[1] and count == b[0] + b[1] exactly; a torn read breaks one of them.
        var scrapers = Enumerable.Range(0, 2).Select(_ => Dedicated(() =>
        {
            var buckets = new long[3];
            var checks = 0;
            do
            {
                var snapshot = histogram.Snapshot(buckets);
                Assert.Equal(snapshot.Count, buckets[0] + buckets[1] + buckets[2]);
                Assert.Equal(0, buckets[2]);
                Assert.Equal((double)buckets[0] + (3.0 * buckets[1]), snapshot.Sum);
                checks++;
            }
            while (!stop.IsCancellationRequested);

            return checks;
        })).ToArray();

        var textChecker = Dedicated(() =>
        {
            do
            {
                var text = registry.CollectAsString(ExpositionFormat.PrometheusText);
                var b1 = ReadSample(text, "h_seconds_bucket{w=\"x\",le=\"1\"}");
                var b5 = ReadSample(text, "h_seconds_bucket{w=\"x\",le=\"5\"}");
                var inf = ReadSample(text, "h_seconds_bucket{w=\"x\",le=\"+Inf\"}");
                Assert.Equal(inf, ReadSample(text, "h_seconds_count{w=\"x\"}"));
                Assert.Equal(b5, inf);
                Assert.Equal(b1 + (3 * (b5 - b1)), ReadSample(text, "h_seconds_sum{w=\"x\"}"));
            }
            while (!stop.IsCancellationRequested);

            return 0;
        });

        await Task.WhenAll(Enumerable.Range(0, Writers).Select(w => Dedicated(() =>
        {
            for (var i = 0; i < UpdatesPerWriter; i++)
            {
                histogram.Observe((i + w) % 2 == 0 ? 1 : 3);
            }

            return 0;
        })));
        await stop.CancelAsync();
        var checks = await Task.WhenAll(scrapers);
        await textChecker;

        var final = new long[3];
        var result = histogram.Snapshot(final);
        Assert.Equal(Writers * UpdatesPerWriter, result.Count);
        Assert.Equal(Writers * UpdatesPerWriter / 2, final[0]);
        Assert.Equal(Writers * UpdatesPerWriter * 2.0, result.Sum);
        Assert.True(checks.Sum() > 0);
    }

    [Fact]
    public async Task WithLabels_ManyThreadsCreatingSameSeries_GetOneChild()
    {
        var family = new MetricRegistry().CreateCounter("c_total", "help", "k");

        var children = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() =>
        {
            var seen = new List<Counter>();
            for (var i = 0; i < 500; i++)
            {
                var child = family.WithLabels(i.ToString(CultureInfo.InvariantCulture));
                child.Inc();
                seen.Add(child);
            }

            return seen;
        })));

        for (var i = 0; i < 500; i++)
        {
            Assert.All(children, list => Assert.Same(children[0][i], list[i]));
            Assert.Equal(16, children[0][i].Value);
        }
    }

    // Own threads, so scrapers run alongside writers even on a 2-core machine's small thread pool.
    private static Task<int> Dedicated(Func<int> work) =>
        Task.Factory.StartNew(work, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private static double ReadSample(string exposition, string series)
    {
        var start = exposition.IndexOf(series + " ", StringComparison.Ordinal);
        Assert.True(start >= 0, $"series {series} missing");
        start += series.Length + 1;
        var end = exposition.IndexOf('\n', start);
        return double.Parse(exposition[start..end], CultureInfo.InvariantCulture);
    }
}
