using Observability.Learning.Context;
using Observability.Learning.Patterns;
using Observability.Learning.Playbook;
using Observability.Projections;

namespace Observability.Learning;

/// <summary>The state's format in the snapshot (times as UTC ticks).</summary>
public sealed partial class LearningProjection
{
    /// <inheritdoc />
    public void WriteState(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(_latestTicks);
        writer.Write(UntrackedEvents);
        writer.Write(AntiPatternsDetected);
        Array.ForEach(_runs, writer.Write);
        Array.ForEach(_outcomeCounts, writer.Write);
        writer.WriteNullable(LastScheduledAt);
        writer.Write(LastRun is not null);
        if (LastRun is { } run)
        {
            writer.Write(run.RunId);
            writer.Write(run.Trigger);
            writer.Write(run.At.UtcTicks);
            writer.Write(run.FailurePatterns);
            writer.Write(run.SuccessPatterns);
            writer.Write(run.Rules);
            writer.Write(run.AntiPatterns);
        }

        WriteSeries(writer, _failures, static (w, f) =>
        {
            w.Write(f.TaskId);
            w.Write(f.AtTicks);
            w.Write(f.ResolvedAtTicks);
        });
        WriteSeries(writer, _attempts, static (w, a) =>
        {
            w.Write(a.AtTicks);
            w.Write(a.Success);
            w.Write(a.DurationSeconds);
        });

        writer.Write(_taskOrder.Count);
        foreach (var id in _taskOrder)
        {
            var track = _tasks[id];
            writer.Write(id);
            writer.Write(track.StartedAtTicks);
            writer.Write(track.Attempts);
            writer.Write(track.OpenFailures.Count);
            foreach (var (series, sequence) in track.OpenFailures)
            {
                writer.Write(series.First);
                writer.Write(series.Second);
                writer.Write(sequence);
            }
        }

        writer.Write(_history.Count);
        foreach (var h in _history.OldestFirst())
        {
            writer.Write(h.TaskId);
            writer.WriteNullable(h.Title);
            writer.Write(h.TaskType);
            writer.Write(h.AgentType);
            writer.Write(h.Stage);
            writer.WriteNullable(h.Model);
            writer.Write(h.Success);
            writer.WriteNullable(h.FailureType);
            writer.WriteNullable(h.DurationSeconds);
            writer.Write(h.Attempts);
            writer.Write(h.FinishedAt.UtcTicks);
        }

        writer.Write(_rules.Count);
        foreach (var r in _rules.Values)
        {
            writer.Write(r.Id);
            writer.Write(r.Kind);
            writer.Write(r.Content);
            writer.Write(r.Alpha);
            writer.Write(r.Beta);
            writer.Write(r.Evidence);
            writer.Write(r.LastEvidenceAt.UtcTicks);
            writer.Write(r.Source);
            writer.WriteNullable(r.Stage);
            writer.WriteNullable(r.FailureType);
            writer.WriteNullable(r.AgentType);
            writer.WriteNullable(r.TaskType);
        }

        writer.Write(_outcomes.Count);
        foreach (var (id, tally) in _outcomes)
        {
            writer.Write(id);
            writer.Write(tally.Successes);
            writer.Write(tally.Failures);
            writer.WriteNullable(tally.LastAt);
        }
    }

    /// <inheritdoc />
    public void ReadState(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        _latestTicks = reader.ReadInt64();
        UntrackedEvents = reader.ReadInt64();
        AntiPatternsDetected = reader.ReadInt64();
        for (var i = 0; i < _runs.Length; i++)
        {
            _runs[i] = reader.ReadInt64();
        }

        for (var i = 0; i < _outcomeCounts.Length; i++)
        {
            _outcomeCounts[i] = reader.ReadInt64();
        }

        LastScheduledAt = reader.ReadNullableDateTimeOffset();
        LastRun = reader.ReadBoolean()
            ? new RunSummary(reader.ReadString(), reader.ReadString(), Utc(reader.ReadInt64()), reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32())
            : null;

        ReadSeries(reader, _failures, static r => new FailureRecord(r.ReadString(), r.ReadInt64(), r.ReadInt64()));
        ReadSeries(reader, _attempts, static r => new AttemptRecord(r.ReadInt64(), r.ReadBoolean(), r.ReadDouble()));

        _tasks.Clear();
        _taskOrder.Clear();
        for (int i = 0, n = reader.ReadCount(); i < n; i++)
        {
            var id = reader.ReadString();
            var track = new TaskTrack { StartedAtTicks = reader.ReadInt64(), Attempts = reader.ReadInt32() };
            for (int j = 0, open = reader.ReadCount(); j < open; j++)
            {
                var key = Key(reader.ReadString(), reader.ReadString());
                var sequence = reader.ReadInt64();
                var series = _failures.GetValueOrDefault(key) ?? throw new InvalidDataException($"A task's failure names an unknown pattern in the learning state.");
                track.OpenFailures.Add((series, sequence));
            }

            _tasks[id] = track;
            _taskOrder.Enqueue(id);
        }

        _history.Clear();
        for (int i = 0, n = reader.ReadCount(); i < n; i++)
        {
            var taskId = reader.ReadString();
            var title = reader.ReadNullableString();
            var taskType = reader.ReadString();
            var agentType = reader.ReadString();
            var stage = reader.ReadString();
            var model = reader.ReadNullableString();
            var success = reader.ReadBoolean();
            var failureType = reader.ReadNullableString();
            var duration = reader.ReadNullableDouble();
            _history.Add(new HistoryEntry(
                taskId, title, taskType, agentType, stage, model, success, failureType, duration, reader.ReadInt32(), Utc(reader.ReadInt64())));
        }

        _rules.Clear();
        for (int i = 0, n = reader.ReadCount(); i < n; i++)
        {
            var rule = new PlaybookRule(
                reader.ReadString(), reader.ReadString(), reader.ReadString(), reader.ReadDouble(), reader.ReadDouble(), reader.ReadInt64(), Utc(reader.ReadInt64()),
                reader.ReadString(), reader.ReadNullableString(), reader.ReadNullableString(), reader.ReadNullableString(), reader.ReadNullableString());
            _rules[rule.Id] = rule;
        }

        _outcomes.Clear();
        for (int i = 0, n = reader.ReadCount(); i < n; i++)
        {
            var id = reader.ReadString();
            _outcomes[id] = new OutcomeTally { Successes = reader.ReadInt64(), Failures = reader.ReadInt64(), LastAt = reader.ReadNullableDateTimeOffset() };
        }
    }

    private static void WriteSeries<T>(BinaryWriter writer, Dictionary<string, PatternSeries<T>> all, Action<BinaryWriter, T> write)
    {
        writer.Write(all.Count);
        foreach (var series in all.Values)
        {
            writer.Write(series.First);
            writer.Write(series.Second);
            series.Records.Write(writer, write);
        }
    }

    private static void ReadSeries<T>(BinaryReader reader, Dictionary<string, PatternSeries<T>> all, Func<BinaryReader, T> read)
    {
        all.Clear();
        for (int i = 0, n = reader.ReadCount(); i < n; i++)
        {
            var series = new PatternSeries<T>(reader.ReadString(), reader.ReadString());
            series.Records.Read(reader, read);
            all[Key(series.First, series.Second)] = series;
        }
    }

    private static DateTimeOffset Utc(long ticks) => new(ticks, TimeSpan.Zero);
}
