using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Observability.Events;
using Observability.Learning;
using Observability.Learning.Context;
using Observability.Learning.Reflection;

namespace Observability.Benchmarks;

/// <summary>
/// The context answer's speed target (<c>GET /api/v1/context</c>, at most 5 ms warm): a learning projection that has
/// folded 200,000 task events over 7 days (20 stages, 25 failure types, 20 agent types and 25 task types, a third of
/// the attempts failing) and one reflection run over them, so the playbook holds every rule and anti-pattern the 500
/// patterns of each kind give and the history its 10,000 newest tasks. The state is bounded there (pattern keys,
/// history), so a longer log changes nothing the answer reads. Each benchmark computes the answer as
/// under the host's lock and serialises it as the endpoint does: with the three filters, and with free text only
/// (the newest 1,000 kept tasks scored against its words).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class LearningBenchmarks
{
    private const int Events = 200_000;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly DateTimeOffset _now = new(2026, 3, 8, 0, 0, 0, TimeSpan.Zero);
    private LearningProjection _projection = null!;

    /// <summary>Rules and anti-patterns in the playbook (for the write-up).</summary>
    public int Rules { get; private set; }

    [GlobalSetup]
    public void Setup()
    {
        _projection = new LearningProjection(new LearningOptions());
        var random = new Random(42);
        var start = _now.AddDays(-7);
        var step = TimeSpan.FromDays(7) / Events;
        for (var i = 0; i < Events; i++)
        {
            var at = (start + (step * i)).ToString("O");
            var task = $"t{i / 2}";
            var stage = $"stage-{random.Next(20)}";
            var meta = "\"taskType\":\"type-" + random.Next(25) + "\",\"agentType\":\"agent-" + random.Next(20) + "\",\"stage\":\"" + stage
                + "\",\"title\":\"Fix the " + stage + " step of task " + task + "\"";
            Apply(random.NextDouble() < 0.33
                ? $$$"""{"id":"e{{{i}}}","eventType":"task:failed","entityId":"{{{task}}}","timestamp":"{{{at}}}","metadata":{{{{meta}}},"failureType":"failure-{{{random.Next(25)}}}"}}"""
                : $$$"""{"id":"e{{{i}}}","eventType":"task:completed","entityId":"{{{task}}}","timestamp":"{{{at}}}","agent":{"model":"m{{{random.Next(5)}}}"},"metadata":{{{{meta}}},"durationSeconds":{{{random.Next(60, 3600)}}}}}""");
        }

        var run = Reflector.Run(_projection, _now, LearningNames.Demand, ReflectionRun.IdOf(LearningNames.Demand, _now), Events);
        Apply(ReflectionEvents.ToEvent(run).ToJsonString());
        Rules = _projection.Rules.Count;
    }

    /// <summary>task_type, agent_type and stage given.</summary>
    [Benchmark]
    public byte[] ContextFiltered() => JsonSerializer.SerializeToUtf8Bytes(
        ContextAnswers.Compute(_projection, new ContextQuery("type-3", "agent-7", "stage-11", null, 10), _now), Json);

    /// <summary>Only free text: every kept task is scored.</summary>
    [Benchmark]
    public byte[] ContextText() => JsonSerializer.SerializeToUtf8Bytes(
        ContextAnswers.Compute(_projection, new ContextQuery(null, null, null, "fix the stage-4 step of task t120", 10), _now), Json);

    private void Apply(string json)
    {
        if (!StoredEventReader.TryRead(Encoding.UTF8.GetBytes(json), 0, out var e))
        {
            throw new InvalidOperationException(json);
        }

        _projection.Apply(e);
    }
}
