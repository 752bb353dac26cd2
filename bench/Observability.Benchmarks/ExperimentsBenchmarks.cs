using System.Text;
using BenchmarkDotNet.Attributes;
using Observability.Events;
using Observability.Experiments;
using Observability.Experiments.Assignment;
using Observability.Experiments.Declarations;
using Observability.Experiments.Experiments;

namespace Observability.Benchmarks;

/// <summary>
/// The experiments' speed targets. <see cref="ExperimentAnswer"/>: the answer of an experiment whose projection has
/// folded 1,000,000 events of which 100,000 are the experiment's finished units (two arms of 50,000 tasks with
/// durations and costs, success and duration and cost compared; the rest task starts, LLM calls and pipeline events
/// it ignores): the snapshot copied as under the host's lock, then every statistic (target at most 20 ms warm).
/// <see cref="Assign"/>: sticky assignment of one unit (SHA-256 of name and unit over the weights; target at least
/// 50,000 a second on one core, so at most 20 µs each).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class ExperimentsBenchmarks
{
    private const int Units = 100_000;
    private const int Events = 1_000_000;
    private ExperimentsProjection _projection = null!;
    private Experiment _experiment = null!;
    private string[] _units = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        var spec = new ExperimentSpec
        {
            Name = "prompt-v2",
            Dimension = "promptVariant",
            Variants = [new() { Name = "v1", Control = true }, new() { Name = "v2" }],
            GuardrailMetrics = ["duration", "cost"],
        };
        var options = new ExperimentsOptions { Experiments = [spec] };
        _projection = new ExperimentsProjection(options);
        _experiment = _projection.Find("prompt-v2")!;
        var random = new Random(42);
        var at = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
        var others = (Events - Units) / Units;
        for (var unit = 0; unit < Units; unit++)
        {
            var variant = unit % 2 == 0 ? "v1" : "v2";
            var success = random.NextDouble() < (variant == "v1" ? 0.30 : 0.31);
            var duration = Math.Round(Math.Exp(Math.Log(900) + (0.8 * Normal(random))), 1);
            for (var k = 0; k < others; k++)
            {
                Apply(k switch
                {
                    0 => $$$"""{"id":"s{{{unit}}}","eventType":"task:started","entityId":"t{{{unit}}}","timestamp":"{{{at:O}}}","metadata":{"taskType":"impl"}}""",
                    < 5 => $$$"""{"id":"c{{{unit}}}-{{{k}}}","eventType":"llm:call","entityId":"call{{{unit}}}-{{{k}}}","timestamp":"{{{at:O}}}","agent":{"model":"claude-opus-4","tokens":{"input":1000,"output":200}},"metadata":{"costUsd":0.01}}""",
                    _ => $$$"""{"id":"p{{{unit}}}-{{{k}}}","eventType":"pipeline:completed","entityId":"run{{{unit}}}-{{{k}}}","timestamp":"{{{at:O}}}","metadata":{"stage":"test","success":true}}""",
                });
            }

            Apply(success
                ? $$$"""{"id":"f{{{unit}}}","eventType":"task:completed","entityId":"t{{{unit}}}","timestamp":"{{{at:O}}}","metadata":{"taskType":"impl","promptVariant":"{{{variant}}}","durationSeconds":{{{duration}}},"costUsd":0.4}}"""
                : $$$"""{"id":"f{{{unit}}}","eventType":"task:failed","entityId":"t{{{unit}}}","timestamp":"{{{at:O}}}","metadata":{"taskType":"impl","promptVariant":"{{{variant}}}","durationSeconds":{{{duration}}},"costUsd":0.5,"failureType":"test_failure"}}""");
        }

        _units = [.. Enumerable.Range(0, 4096).Select(i => $"task-{i:D6}")];
    }

    /// <summary>The whole answer of the 100,000-unit experiment, from the projection's state.</summary>
    [Benchmark]
    public ExperimentAnswer ExperimentAnswer() =>
        ExperimentAnswers.Compute(_projection.Snapshot("prompt-v2")!, 0.05, new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.Zero));

    /// <summary>One unit's variant.</summary>
    [Benchmark]
    public int Assign() => Assigner.Assign(_experiment, _units[_next++ & 4095]);

    private void Apply(string json)
    {
        if (!StoredEventReader.TryRead(Encoding.UTF8.GetBytes(json), 0, out var e))
        {
            throw new InvalidOperationException(json);
        }

        _projection.Apply(e);
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
