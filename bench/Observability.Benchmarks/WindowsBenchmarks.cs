using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Observability.Analytics;
using Observability.Analytics.Windows;
using Observability.EventLog;
using Observability.Events;
using Observability.Projections;
using EventLogFile = Observability.EventLog.EventLog;

namespace Observability.Benchmarks;

/// <summary>
/// The rolling merge windows contract over a 1,000,000-event log (one event in five a merge, 20 projects): the warm
/// answer of <c>GET /api/v1/windows</c> (the host already at the log's position, snapshot, JSON; the budget is 50 ms),
/// the snapshot alone, and the cost of one merge event on the windows (O(1): ring buffers, running sums, attempts counts).
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
    private ProjectionHost _host = null!;
    private MergeWindowsView _view = null!;
    private MergeWindowsView _applyView = null!;
    private StoredEvent[] _merges = null!;
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
        _view = new MergeWindowsView(new WindowsOptions());
        _host = new ProjectionHost([_view]);
        var cold = Stopwatch.StartNew();
        _host.ReadAll(_directory);
        var snapshot = _host.Read(_view.Snapshot);
        Console.WriteLine($"// cold replay of {Records:N0} events: {cold.Elapsed.TotalSeconds:F2} s; {snapshot.Merges:N0} merges, {snapshot.Projects.Count} projects, {snapshot.Crossings} crossings");

        _applyView = new MergeWindowsView(new WindowsOptions());
        _merges = [.. Enumerable.Range(0, 1024).Select(i => StoredEventReader.TryRead(Event(i * 5), i, out var e) ? e : throw new InvalidOperationException("not an event"))];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _host.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(Description = "warm GET /api/v1/windows: wait for the log's position (already applied) + snapshot + JSON")]
    public int WarmAnswer()
    {
        _host.WaitForAsync(Records, TimeSpan.FromSeconds(2)).GetAwaiter().GetResult();
        return JsonSerializer.SerializeToUtf8Bytes(_host.Read(_view.Snapshot), SnakeCase).Length;
    }

    [Benchmark(Description = "snapshot only (21 scopes)")]
    public int SnapshotOnly() => _host.Read(_view.Snapshot).Projects.Count;

    [Benchmark(Description = "one merge event applied to the windows", OperationsPerInvoke = 1024)]
    public int ApplyMerge()
    {
        for (var i = 0; i < 1024; i++)
        {
            _applyView.Apply(_merges[_next++ & 1023]);
        }

        return (int)_applyView.DroppedCrossings;
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
