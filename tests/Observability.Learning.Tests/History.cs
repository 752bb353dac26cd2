using System.Text;
using System.Text.Json.Nodes;
using Observability.Events;
using Observability.Learning.Reflection;

namespace Observability.Learning.Tests;

/// <summary>A generated history: events as the log stores them, read by the one reader and folded in order.</summary>
internal sealed class History
{
    public static readonly DateTimeOffset T0 = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly List<byte[]> _log = [];
    private int _ids;

    public void Add(JsonObject e) => _log.Add(Encoding.UTF8.GetBytes(e.ToJsonString()));

    public void Started(string task, DateTimeOffset at, string taskType = "bugfix", string agentType = "impl") =>
        Task("task:started", task, at, new JsonObject { ["taskType"] = taskType, ["agentType"] = agentType });

    public void Failed(string task, DateTimeOffset at, string stage, string failureType, string taskType = "bugfix", string agentType = "impl", string? title = null) =>
        Task("task:failed", task, at, new JsonObject { ["stage"] = stage, ["failureType"] = failureType, ["taskType"] = taskType, ["agentType"] = agentType, ["title"] = title });

    public void Completed(
        string task, DateTimeOffset at, string stage = "build", string taskType = "bugfix", string agentType = "impl", double? seconds = null, bool success = true,
        string? model = null, string? title = null) =>
        Task("task:completed", task, at, new JsonObject
        {
            ["stage"] = stage, ["taskType"] = taskType, ["agentType"] = agentType, ["durationSeconds"] = seconds, ["success"] = success, ["title"] = title,
        }, model);

    /// <summary>Runs a reflection over <paramref name="state"/> at <paramref name="now"/>, stores it and folds it in.</summary>
    public ReflectionRun Reflect(LearningProjection state, DateTimeOffset now, string trigger = LearningNames.Demand)
    {
        var run = Reflector.Run(state, now, trigger, ReflectionRun.IdOf(trigger, now), _log.Count);
        Add(ReflectionEvents.ToEvent(run));
        FoldInto(_log.Count - 1, state);
        return run;
    }

    public void FoldInto(int from, LearningProjection state)
    {
        for (var i = from; i < _log.Count; i++)
        {
            Assert.True(StoredEventReader.TryRead(_log[i], i, out var e), Encoding.UTF8.GetString(_log[i]));
            state.Apply(e);
        }
    }

    public int Count => _log.Count;

    public void FoldInto(LearningProjection state) => FoldInto(0, state);

    public static LearningProjection RoundTrip(LearningProjection written, LearningOptions options)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            written.WriteState(writer);
        }

        buffer.Position = 0;
        var fresh = new LearningProjection(options);
        using var reader = new BinaryReader(buffer);
        fresh.ReadState(reader);
        Assert.Equal(buffer.Length, buffer.Position);
        return fresh;
    }

    private void Task(string type, string task, DateTimeOffset at, JsonObject metadata, string? model = null)
    {
        foreach (var key in metadata.Where(p => p.Value is null).Select(p => p.Key).ToList())
        {
            metadata.Remove(key);
        }

        var e = new JsonObject
        {
            ["id"] = $"e{_ids++}",
            ["eventType"] = type,
            ["entityId"] = task,
            ["timestamp"] = at.ToString("O"),
            ["metadata"] = metadata,
        };
        if (model is not null)
        {
            e["agent"] = new JsonObject { ["model"] = model };
        }

        Add(e);
    }
}
