using System.Text;
using System.Text.Json.Nodes;
using Observability.Events;
using Observability.Experiments.Declarations;
using Observability.Projections;

namespace Observability.Experiments.Tests;

/// <summary>Events as the log stores them, read by the one reader, folded into projections in order.</summary>
internal sealed class Events
{
    public static readonly DateTimeOffset T0 = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly List<byte[]> _log = [];
    private int _ids;

    public IReadOnlyList<byte[]> Log => _log;

    public void Add(JsonObject e) => _log.Add(Encoding.UTF8.GetBytes(e.ToJsonString()));

    public void Task(string id, bool success, DateTimeOffset at, JsonObject? metadata = null, string? model = null, double? costUsd = null, string eventType = "")
    {
        metadata ??= [];
        if (costUsd is { } cost)
        {
            metadata["costUsd"] = cost;
        }

        var e = new JsonObject
        {
            ["id"] = $"e{_ids++}",
            ["eventType"] = eventType.Length > 0 ? eventType : success ? "task:completed" : "task:failed",
            ["entityId"] = id,
            ["timestamp"] = at.ToString("O"),
            ["metadata"] = metadata,
        };
        if (!success && eventType.Length == 0)
        {
            metadata["failureType"] = "test_failure";
        }

        if (model is not null)
        {
            e["agent"] = new JsonObject { ["model"] = model, ["tokens"] = new JsonObject { ["input"] = 100, ["output"] = 50 } };
        }

        Add(e);
    }

    public void Other(string eventType, string entityId, DateTimeOffset at, JsonObject? metadata = null) => Add(new JsonObject
    {
        ["id"] = $"e{_ids++}",
        ["eventType"] = eventType,
        ["entityId"] = entityId,
        ["timestamp"] = at.ToString("O"),
        ["metadata"] = metadata ?? [],
    });

    public void Declare(ExperimentSpec spec, DateTimeOffset at, IReadOnlyCollection<string>? dimensions = null)
    {
        var experiment = ExperimentValidator.Validate(spec, dimensions ?? DeclarationNames.BuiltInDimensions, out var errors)
            ?? throw new InvalidOperationException(string.Join("; ", errors));
        Add(DeclarationEvents.Declared(experiment, at));
    }

    public void Declare(GoalSpec spec, DateTimeOffset at)
    {
        var goal = GoalValidator.Validate(spec, out var errors) ?? throw new InvalidOperationException(string.Join("; ", errors));
        Add(DeclarationEvents.Declared(goal, at));
    }

    /// <summary>Applies the log from <paramref name="from"/> on to each projection.</summary>
    public void FoldInto(int from, params IProjection[] projections)
    {
        for (var i = from; i < _log.Count; i++)
        {
            Assert.True(StoredEventReader.TryRead(_log[i], i, out var e), Encoding.UTF8.GetString(_log[i]));
            foreach (var p in projections)
            {
                p.Apply(e);
            }
        }
    }

    public void FoldInto(params IProjection[] projections) => FoldInto(0, projections);

    /// <summary>The projection's state written and read into <paramref name="fresh"/>.</summary>
    public static T RoundTrip<T>(IProjection written, T fresh)
        where T : IProjection
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            written.WriteState(writer);
        }

        buffer.Position = 0;
        using var reader = new BinaryReader(buffer);
        fresh.ReadState(reader);
        Assert.Equal(buffer.Length, buffer.Position);
        return fresh;
    }
}
