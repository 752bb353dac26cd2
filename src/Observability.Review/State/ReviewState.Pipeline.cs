using Observability.Events;

namespace Observability.Review.State;

/// <summary>The pipeline: running stages, stage runs and failures per hour, recent failures per stage.</summary>
internal sealed partial class ReviewState
{
    /// <summary>Per-hour figures of a stage: runs, failures.</summary>
    public const int Runs = 0, Failures = 1;

    private const int FailuresPerStage = 1000;
    private readonly Dictionary<string, OpenPhase> _phases = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Buckets> _stageRuns = new(StringComparer.Ordinal);
    private readonly Dictionary<string, OccurrenceList> _stageFailures = new(StringComparer.Ordinal);

    /// <summary>Stages started and not completed, by entity and stage.</summary>
    public IReadOnlyDictionary<string, OpenPhase> OpenPhases => _phases;

    /// <summary><c>pipeline:completed</c> runs and failures per stage per hour.</summary>
    public IReadOnlyDictionary<string, Buckets> StageRuns => _stageRuns;

    /// <summary>
    /// The last <c>1000</c> failures per stage (<c>pipeline:completed</c> not successful, <c>task:failed</c> with a stage):
    /// value 2 for a timeout, 1 otherwise.
    /// </summary>
    public IReadOnlyDictionary<string, OccurrenceList> StageFailures => _stageFailures;

    private void ApplyPipeline(in StoredEvent e)
    {
        var m = e.Metadata;
        if (m.Text("stage"u8) is not { } stage)
        {
            return;
        }

        var key = $"{e.EntityId}\n{stage}";
        if (e.EventType == "pipeline:started")
        {
            _phases[key] = new OpenPhase(stage, e.EntityId, e.Timestamp, e.Id);
            return;
        }

        _phases.Remove(key);
        if (!_stageRuns.TryGetValue(stage, out var runs))
        {
            _stageRuns[stage] = runs = new Buckets(2);
        }

        var hour = Hour(e.Timestamp);
        runs.Add(hour, Runs, 1);
        if (m.Boolean("success"u8) == false)
        {
            runs.Add(hour, Failures, 1);
            StageFailure(stage, new Occurrence(e.Timestamp, e.Id, m.StringEquals("failureType"u8, "timeout"u8) ? 2 : 1));
        }
    }

    private void StageFailure(string stage, Occurrence failure)
    {
        if (!_stageFailures.TryGetValue(stage, out var list))
        {
            _stageFailures[stage] = list = new OccurrenceList(FailuresPerStage);
        }

        list.Add(failure);
    }

    private void WritePipeline(BinaryWriter w)
    {
        StateMaps.Write(w, _phases, (w, p) =>
        {
            w.Write(p.Stage);
            w.Write(p.Entity);
            w.Write(p.At);
            w.Write(p.EventId);
        });
        StateMaps.Write(w, _stageRuns, (w, b) => b.Write(w));
        StateMaps.Write(w, _stageFailures, (w, list) => list.Write(w));
    }

    private void ReadPipeline(BinaryReader r)
    {
        StateMaps.Read(r, _phases, r => new OpenPhase(r.ReadString(), r.ReadString(), r.ReadDateTimeOffset(), r.ReadString()));
        StateMaps.Read(r, _stageRuns, r => Buckets.Read(r, 2));
        StateMaps.Read(r, _stageFailures, r => OccurrenceList.Read(r, FailuresPerStage));
    }
}
