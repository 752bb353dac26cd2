using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Observability.Analytics;
using Observability.Analytics.Windows;
using Observability.EventLog;
using EventLogFile = Observability.EventLog.EventLog;

namespace Observability.Benchmarks;

/// <summary>
/// Seed 004's rolling windows over a 1,000,000-event log (one event in five a merge, 20 projects): the warm answer of
/// <c>GET /api/v1/windows</c> (catch-up that finds nothing new, snapshot, JSON; the budget is 50 ms), the
/// snapshot alone, and the cost of one merge event on the windows (O(1): ring buffers, running sums, attempts counts).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 5)]
public class WindowsBenchmarks
{
    private const int Records = 1_000_000;
    private const int BatchSize = 1000;
    private const int Projects = 20;

    private static readonly JsonSerializerOptions SnakeCase = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    private string _directory = null!;
    private AnalyticsFeed _feed = null!;
    private WindowsView _view = null!;
    private WindowsView _applyView = null!;
    private AnalyticsEvent[] _merges = null!;
    private JsonDocument[] _mergeDocuments = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _directory = EventLogPayloads.TempDirectory("windows");
        var log = EventLogFile.Open(new EventLogOptions { Directory = _directory, Fsync = false });
        var batch = new ReadOnlyMemory<byte>[BatchSize];
        for (var first = 0; first < Records; first += BatchSize)
        {
            for (var i = 0; i < BatchSize; i++)
            {
                batch[i] = Event(first + i);
            }

            log.AppendBatchAsync(batch).AsTask().GetAwaiter().GetResult();
        }

        log.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _view = new WindowsView(new WindowsOptions());
        _feed = new AnalyticsFeed(_directory, [_view]);
        var cold = Stopwatch.StartNew();
        _feed.CatchUp();
        var snapshot = _feed.Read(_view.Snapshot);
        Console.WriteLine($"// cold catch-up of {Records:N0} events: {cold.Elapsed.TotalSeconds:F2} s; {snapshot.Merges:N0} merges, {snapshot.Projects.Count} projects, {snapshot.Crossings} crossings");

        _applyView = new WindowsView(new WindowsOptions());
        _mergeDocuments = [.. Enumerable.Range(0, 1024).Select(i => JsonDocument.Parse(Event(i * 5)))];
        _merges = [.. _mergeDocuments.Select((d, i) => AnalyticsFeed.Parse(i, d.RootElement)!)];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var document in _mergeDocuments)
        {
            document.Dispose();
        }

        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(Description = "warm GET /api/v1/windows: catch-up to the log's next sequence (nothing new) + snapshot + JSON")]
    public int WarmAnswer()
    {
        _feed.CatchUp(Records);
        return JsonSerializer.SerializeToUtf8Bytes(_feed.Read(_view.Snapshot, catchUp: false), SnakeCase).Length;
    }

    [Benchmark(Description = "unbounded catch-up (nothing new; scans the last segment) + snapshot + JSON")]
    public int UnboundedCatchUpAnswer() => JsonSerializer.SerializeToUtf8Bytes(_feed.Read(_view.Snapshot), SnakeCase).Length;

    [Benchmark(Description = "snapshot only (21 scopes)")]
    public int SnapshotOnly() => _feed.Read(_view.Snapshot, catchUp: false).Projects.Count;

    [Benchmark(Description = "one merge event applied to the windows", OperationsPerInvoke = 1024)]
    public int ApplyMerge()
    {
        for (var i = 0; i < 1024; i++)
        {
            _applyView.Apply(_merges[_next++ & 1023]);
        }

        return _applyView.DrainCrossings().Count;
    }

    // One event in five is a merge: 90 % first pass, 2 % rebase conflicts, attempts up to 4, over 20 projects.
    private static byte[] Event(int i)
    {
        var at = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddSeconds(i).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        if (i % 5 != 0)
        {
            return Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
                $$$"""{"id":"e-{{{i}}}","timestamp":"{{{at}}}","eventType":"task:completed","entityType":"task","entityId":"t-{{{i}}}","metadata":{"taskType":"impl","durationSeconds":{{{i % 600}}}}}"""));
        }

        var attempts = i % 10 == 0 && i % 7 == 0 ? 2 + (i % 3) : 1;
        var verdict = i % 50 == 0 ? "rebase_conflict" : "approved";
        return Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $$$"""{"id":"e-{{{i}}}","timestamp":"{{{at}}}","eventType":"workitem:merged","entityType":"workitem","entityId":"wi-{{{i}}}","metadata":{"attempts":{{{attempts}}},"project":"p{{{i / 5 % Projects}}}","finalVerdict":"{{{verdict}}}"}}"""));
    }
}
