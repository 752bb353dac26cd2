using Observability.Projections;

namespace Observability.Analytics.Runs;

/// <content>The view's state in the snapshot: the runs in order, then the calls and fixes that point at them.</content>
public sealed partial class RunRecordView
{
    /// <inheritdoc />
    public void WriteState(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var index = new Dictionary<RunState, int>(ReferenceEqualityComparer.Instance);
        writer.Write(_runOrder.Count);
        foreach (var run in _runOrder)
        {
            index[run] = index.Count;
            run.WriteTo(writer);
        }

        _models.WriteTo(writer);
        _phases.WriteTo(writer);
        writer.Write(_calls.Count);
        foreach (var call in _calls)
        {
            writer.Write(call.Ticks);
            writer.Write(call.Model);
            writer.Write(call.Run is null ? -1 : index[call.Run]);
            writer.Write(call.InputTokens);
            writer.Write(call.OutputTokens);
            writer.Write(call.Cost);
            writer.Write(call.Reported);
            writer.Write(call.Phase);
        }

        writer.Write(_bugFixes.Count);
        foreach (var (ticks, autonomous) in _bugFixes)
        {
            writer.Write(ticks);
            writer.Write(autonomous);
        }
    }

    /// <inheritdoc />
    public void ReadState(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        // A refresh restores into a used view: what it held goes.
        _runs.Clear();
        _runOrder.Clear();
        _calls.Clear();
        _bugFixes.Clear();

        var runs = reader.ReadCount();
        for (var i = 0; i < runs; i++)
        {
            var run = RunState.ReadFrom(reader);
            _runs.Add(run.Id, run);
            _runOrder.Add(run);
        }

        _models.ReadFrom(reader);
        _phases.ReadFrom(reader);
        var calls = reader.ReadCount();
        _calls.Capacity = calls;
        for (var i = 0; i < calls; i++)
        {
            var (ticks, model, run) = (reader.ReadInt64(), reader.ReadInt32(), reader.ReadInt32());
            _calls.Add(new CallLine(
                ticks, model, run < 0 ? null : _runOrder[run], reader.ReadInt64(), reader.ReadInt64(), reader.ReadDouble(), reader.ReadBoolean(), reader.ReadInt32()));
        }

        var fixes = reader.ReadCount();
        for (var i = 0; i < fixes; i++)
        {
            _bugFixes.Add((reader.ReadInt64(), reader.ReadBoolean()));
        }
    }
}
