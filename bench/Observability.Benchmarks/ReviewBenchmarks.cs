using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using Observability.Events;
using Observability.Review;
using Observability.Review.Checks;
using Observability.Review.Findings;
using Observability.Review.State;

namespace Observability.Benchmarks;

/// <summary>
/// The review's speed target: one run over a log of 1,000,000 events with 10,000 open tasks at most 200 ms. The state
/// is folded once in setup, as the projection host keeps it; a run is every check over that state and the comparison
/// with the open findings, as <c>ReviewRunner</c> does under the host's lock. <see cref="FirstRun"/>: no finding open
/// yet, so every condition that holds becomes a <c>finding:opened</c> event (the worst case, about 9,000 here);
/// <see cref="SteadyRun"/>: those findings already open, the scheduled run's usual case.
/// </summary>
/// <remarks>
/// The log: 200,000 finished tasks (created, started, completed: cycle times for 8 task types), 10,000 open tasks
/// (titles, priorities, chains; 3,000 of them started, 100 duplicate titles), 300,000 LLM calls over 30 days on 5
/// models and 20 projects, 80,000 pipeline stages (10 stages, 8 % failing, some timeouts), 10,000 test runs over 20
/// suites, and reviews, reworks and coverage reports for the rest.
/// </remarks>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class ReviewBenchmarks
{
    private const int Total = 1_000_000;
    private static readonly DateTimeOffset Now = new(2026, 3, 31, 12, 0, 0, TimeSpan.Zero);
    private readonly ReviewOptions _options = new() { Budgets = { ["proj-3"] = 40 } };
    private ReviewState _state = null!;
    private FindingsProjection _empty = null!;
    private FindingsProjection _open = null!;
    private List<GoalInput> _goals = null!;
    private long _sequence;

    [GlobalSetup]
    public void Setup()
    {
        _state = new ReviewState(_options);
        _empty = new FindingsProjection();
        _open = new FindingsProjection();
        var random = new Random(42);
        var start = Now.AddDays(-30);
        var n = 0;

        for (var t = 0; t < 200_000; t++)
        {
            var at = start.AddSeconds(t * 12.5);
            var type = $"type-{t % 8}";
            Apply($$$"""{"id":"c{{{t}}}","eventType":"task:created","entityId":"done-{{{t}}}","timestamp":"{{{Iso(at)}}}","metadata":{"taskType":"{{{type}}}","title":"Done task {{{t}}}","priority":"medium"}}""");
            Apply($$$"""{"id":"s{{{t}}}","eventType":"task:started","entityId":"done-{{{t}}}","timestamp":"{{{Iso(at.AddMinutes(5))}}}","metadata":{"taskType":"{{{type}}}"}}""");
            var seconds = 600 + random.Next(3000);
            Apply($$$"""{"id":"f{{{t}}}","eventType":"task:completed","entityId":"done-{{{t}}}","timestamp":"{{{Iso(at.AddMinutes(5).AddSeconds(seconds))}}}","metadata":{"taskType":"{{{type}}}","durationSeconds":{{{seconds}}}}}""");
            n += 3;
        }

        string[] priorities = ["critical", "high", "medium", "low", ""];
        for (var t = 0; t < 10_000; t++)
        {
            var at = Now.AddHours(-random.Next(1, 200));
            var title = t < 100 ? $"Duplicate title {t % 50}" : $"Open task {t}";
            var priority = priorities[t % priorities.Length];
            var priorityField = priority.Length > 0 ? $",\"priority\":\"{priority}\"" : string.Empty;
            Apply($$$"""{"id":"oc{{{t}}}","eventType":"task:created","entityId":"open-{{{t}}}","chainId":"chain-{{{t % 500}}}","timestamp":"{{{Iso(at)}}}","metadata":{"taskType":"type-{{{t % 8}}}","title":"{{{title}}}"{{{priorityField}}},"project":"proj-{{{t % 20}}}"}}""");
            n++;
            if (t % 10 < 3)
            {
                Apply($$$"""{"id":"os{{{t}}}","eventType":"task:started","entityId":"open-{{{t}}}","timestamp":"{{{Iso(at.AddMinutes(30))}}}","metadata":{"taskType":"type-{{{t % 8}}}"}}""");
                n++;
            }
        }

        for (var i = 0; i < 300_000; i++)
        {
            var at = start.AddSeconds(i * 8.64);
            var cost = (0.01 + (random.NextDouble() * 0.02)).ToString("0.#####", CultureInfo.InvariantCulture);
            Apply($$$"""{"id":"l{{{i}}}","eventType":"llm:call","entityId":"call-{{{i}}}","timestamp":"{{{Iso(at)}}}","agent":{"model":"model-{{{i % 5}}}","tokens":{"input":{{{1000 + random.Next(500)}}},"output":200}},"metadata":{"costUsd":{{{cost}}},"project":"proj-{{{i % 20}}}"}}""");
            n++;
        }

        for (var i = 0; i < 40_000; i++)
        {
            var at = start.AddSeconds(i * 64.8);
            var stage = $"stage-{i % 10}";
            var success = random.NextDouble() >= 0.08;
            var failure = success ? string.Empty : random.NextDouble() < 0.3 ? ",\"failureType\":\"timeout\"" : ",\"failureType\":\"test_failure\"";
            Apply($$$"""{"id":"ps{{{i}}}","eventType":"pipeline:started","entityId":"run-{{{i}}}","timestamp":"{{{Iso(at)}}}","metadata":{"stage":"{{{stage}}}"}}""");
            Apply($$$"""{"id":"pc{{{i}}}","eventType":"pipeline:completed","entityId":"run-{{{i}}}","timestamp":"{{{Iso(at.AddMinutes(3))}}}","metadata":{"stage":"{{{stage}}}","success":{{{(success ? "true" : "false")}}}{{{failure}}}}}""");
            n += 2;
        }

        for (var i = 0; i < 10_000; i++)
        {
            var at = start.AddSeconds(i * 259.2);
            Apply($$$"""{"id":"tr{{{i}}}","eventType":"test:run","entityId":"suite-{{{i % 20}}}","timestamp":"{{{Iso(at)}}}","metadata":{"passed":500,"failed":0,"skipped":{{{random.Next(5)}}},"flaky":{{{(random.NextDouble() < 0.05 ? 1 : 0)}}}}}""");
            n++;
        }

        for (var i = 0; n < Total; i++)
        {
            var at = start.AddSeconds(i * 3.0);
            Apply((i % 3) switch
            {
                0 => $$$"""{"id":"r{{{i}}}","eventType":"workitem:reviewed","entityId":"wi-{{{i}}}","timestamp":"{{{Iso(at)}}}","metadata":{"verdict":"approved"}}""",
                1 => $$$"""{"id":"rw{{{i}}}","eventType":"task:rework","entityId":"wi-{{{i - 1}}}","timestamp":"{{{Iso(at)}}}","metadata":{}}""",
                _ => $$$"""{"id":"cov{{{i}}}","eventType":"coverage:reported","entityId":"cov","timestamp":"{{{Iso(at)}}}","metadata":{"percent":{{{80 + random.Next(5)}}},"project":"proj-{{{i % 20}}}"}}""",
            });
            n++;
        }

        _goals = [new GoalInput("launch", "stalled", Now.AddDays(-5), 40, [.. Enumerable.Range(0, 40).Select(i => $"open-{i}")])];
        var first = ReviewPlan.Compute(_state, _empty, _options, _goals, Now);
        foreach (var e in first.Opened.Select(o => o.Event))
        {
            Fold(_open, e.ToJsonString());
        }

        Console.WriteLine($"// {_sequence} events, {_state.OpenTasks.Count} open tasks; first run opens {first.Opened.Count}, steady run opens {ReviewPlan.Compute(_state, _open, _options, _goals, Now).Opened.Count}");
    }

    /// <summary>Every check and the comparison with no finding open: every condition becomes an opened event.</summary>
    [Benchmark]
    public int FirstRun() => ReviewPlan.Compute(_state, _empty, _options, _goals, Now).Opened.Count;

    /// <summary>Every check and the comparison with the same findings already open: nothing to open or close.</summary>
    [Benchmark]
    public int SteadyRun() => ReviewPlan.Compute(_state, _open, _options, _goals, Now).Opened.Count;

    /// <summary>The time of each check group over the same state (the <c>review</c> mode of Program.cs), for profiling.</summary>
    public static int Profile()
    {
        var bench = new ReviewBenchmarks();
        bench.Setup();
        var context = new ReviewContext(bench._state, bench._options, bench._goals, Now);
        (string, Action<ReviewContext, List<FindingCandidate>>)[] groups =
            [("queue", QueueChecks.Run), ("pipeline", PipelineChecks.Run), ("usage", UsageChecks.Run), ("quality", QualityChecks.Run), ("goals", GoalChecks.Run)];
        foreach (var (name, run) in groups)
        {
            var found = new List<FindingCandidate>();
            var watch = System.Diagnostics.Stopwatch.StartNew();
            for (var i = 0; i < 20; i++)
            {
                found.Clear();
                run(context, found);
            }

            Console.WriteLine($"{name}: {watch.Elapsed.TotalMilliseconds / 20:F2} ms, {found.Count} candidates");
        }

        var steady = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < 20; i++)
        {
            bench.SteadyRun();
        }

        Console.WriteLine($"steady run: {steady.Elapsed.TotalMilliseconds / 20:F2} ms");
        return 0;
    }

    private static string Iso(DateTimeOffset at) => at.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private void Apply(string json)
    {
        if (!StoredEventReader.TryRead(Encoding.UTF8.GetBytes(json), _sequence++, out var e))
        {
            throw new InvalidOperationException(json);
        }

        _state.Apply(e);
    }

    private void Fold(FindingsProjection findings, string json)
    {
        if (!StoredEventReader.TryRead(Encoding.UTF8.GetBytes(json), _sequence++, out var e))
        {
            throw new InvalidOperationException(json);
        }

        findings.Apply(e);
    }
}
