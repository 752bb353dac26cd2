using Observability.Events;

namespace Observability.Review.State;

/// <summary>The queue: open tasks and cycle times per task type; failures per task.</summary>
internal sealed partial class ReviewState
{
    private const int FailuresPerTask = 16;
    private readonly Dictionary<string, OpenTask> _open = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SampleRing> _cycles = new(StringComparer.Ordinal);
    private readonly Dictionary<string, OccurrenceList> _taskFailures = new(StringComparer.Ordinal);

    /// <summary>Tasks created or started and not completed (a failed or reworked task is back in the queue).</summary>
    public IReadOnlyDictionary<string, OpenTask> OpenTasks => _open;

    /// <summary>Recent failures per task.</summary>
    public IReadOnlyDictionary<string, OccurrenceList> TaskFailures => _taskFailures;

    /// <summary>Finished tasks of <paramref name="taskType"/> with a cycle time, and their p95 (nearest rank), or null.</summary>
    public (int Samples, double P95)? CycleTime(string? taskType) =>
        taskType is not null && _cycles.TryGetValue(taskType, out var ring) && ring.Count > 0 ? (ring.Count, ring.Percentile(0.95)) : null;

    private void ApplyTask(in StoredEvent e)
    {
        var m = e.Metadata;
        var id = e.EntityId;
        switch (e.EventType)
        {
            case "task:created":
            {
                var t = OpenTask(id, e.Sequence);
                t.Title = m.Text("title"u8) ?? t.Title;
                t.Priority = m.Text("priority"u8) ?? t.Priority;
                t.Project = m.Text("project"u8) ?? t.Project;
                t.TaskType = m.Text("taskType"u8) ?? t.TaskType;
                t.Chain = e.ChainId ?? t.Chain;
                t.CreatedAt = e.Timestamp;
                t.CreatedEventId = e.Id;
                t.QueuedAt = e.Timestamp;
                t.QueuedEventId = t.CreatedEventId;
                break;
            }

            case "task:started":
            {
                var t = OpenTask(id, e.Sequence);
                t.TaskType ??= m.Text("taskType"u8);
                t.Project ??= m.Text("project"u8);
                t.Chain ??= e.ChainId;
                t.StartedAt = e.Timestamp;
                t.StartedEventId = e.Id;
                break;
            }

            case "task:completed":
                Finished(e, _open.GetValueOrDefault(id));
                _open.Remove(id);
                ApplyUsage(e);
                break;
            case "task:failed":
            {
                var t = _open.GetValueOrDefault(id);
                Finished(e, t);
                var eventId = e.Id;
                if (!_taskFailures.TryGetValue(id, out var failures))
                {
                    _taskFailures[id] = failures = new OccurrenceList(FailuresPerTask);
                }

                var timeout = m.StringEquals("failureType"u8, "timeout"u8);
                failures.Add(new Occurrence(e.Timestamp, eventId, timeout ? 2 : 1));
                if (m.Text("stage"u8) is { } stage)
                {
                    StageFailure(stage, new Occurrence(e.Timestamp, eventId, timeout ? 2 : 1));
                }

                if (t is not null)
                {
                    t.StartedAt = null;
                    t.StartedEventId = null;
                    t.QueuedAt = e.Timestamp;
                    t.QueuedEventId = eventId;
                }

                ApplyUsage(e);
                break;
            }

            case "task:rework":
            {
                var t = OpenTask(id, e.Sequence);
                t.TaskType ??= m.Text("taskType"u8);
                t.StartedAt = null;
                t.StartedEventId = null;
                t.QueuedAt = e.Timestamp;
                t.QueuedEventId = e.Id;
                Contradicted(m.Text("workItem"u8) ?? id, e.Id, e.Timestamp, "reworked");
                break;
            }

            default:
                break;
        }
    }

    private OpenTask OpenTask(string id, long sequence)
    {
        if (!_open.TryGetValue(id, out var t))
        {
            _open[id] = t = new OpenTask(id) { Order = sequence };
        }

        return t;
    }

    // A finished task's cycle time (started to finished) joins its type's samples, for the stuck check's p95.
    private void Finished(in StoredEvent e, OpenTask? t)
    {
        var taskType = e.Metadata.Text("taskType"u8) ?? t?.TaskType;
        var seconds = e.Metadata.Bounded("durationSeconds") ?? (t?.StartedAt is { } started ? (e.Timestamp - started).TotalSeconds : null);
        if (taskType is null || seconds is not { } value || value < 0)
        {
            return;
        }

        if (!_cycles.TryGetValue(taskType, out var ring))
        {
            _cycles[taskType] = ring = new SampleRing();
        }

        ring.Add(value);
    }

    private void WriteTasks(BinaryWriter w)
    {
        w.Write(_open.Count);
        foreach (var t in _open.Values)
        {
            t.Write(w);
        }

        StateMaps.Write(w, _cycles, (w, ring) => ring.Write(w));
        StateMaps.Write(w, _taskFailures, (w, list) => list.Write(w));
    }

    private void ReadTasks(BinaryReader r)
    {
        _open.Clear();
        var open = r.ReadCount();
        for (var i = 0; i < open; i++)
        {
            var t = Review.State.OpenTask.Read(r);
            _open[t.Id] = t;
        }

        StateMaps.Read(r, _cycles, SampleRing.Read);
        StateMaps.Read(r, _taskFailures, r => OccurrenceList.Read(r, FailuresPerTask));
    }
}
