using Observability.Experiments.Declarations;
using Observability.Statistics;

namespace Observability.Experiments.Experiments;

/// <summary>The state format: the unit tracker, then each experiment with its declaration as canonical JSON.</summary>
public sealed partial class ExperimentsProjection
{
    /// <inheritdoc />
    public void WriteState(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        _units.WriteTo(writer);
        writer.Write(RefusedDeclarations);
        writer.Write(_order.Count);
        foreach (var state in _order)
        {
            writer.Write(state.Configured);
            var json = DeclarationJson.Write(state.Definition.ToSpec());
            writer.Write(json.Length);
            writer.Write(json);
            foreach (var arm in state.Arms)
            {
                arm.WriteTo(writer);
            }

            foreach (var m in state.Msprt)
            {
                writer.Write(m.Control.N);
                writer.Write(m.Control.Successes);
                writer.Write(m.Variant.N);
                writer.Write(m.Variant.Successes);
                writer.Write(m.PValue);
            }

            writer.Write(state.Counted.Count);
            foreach (var unit in state.Counted)
            {
                writer.Write(unit);
            }

            writer.Write(state.Exposed.Count);
            foreach (var (unit, arm) in state.Exposed)
            {
                writer.Write(unit);
                writer.Write(arm);
            }

            writer.Write(state.Undeclared.Count);
            foreach (var (value, n) in state.Undeclared)
            {
                writer.Write(value);
                writer.Write(n);
            }

            writer.Write(state.UndeclaredOther);
        }
    }

    /// <inheritdoc />
    public void ReadState(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        _units.ReadFrom(reader);
        RefusedDeclarations = reader.ReadInt64();
        var count = StateFormat.ReadCount(reader);
        _byName.Clear();
        _order.Clear();
        for (var i = 0; i < count; i++)
        {
            var configured = reader.ReadBoolean();
            var json = reader.ReadBytes(StateFormat.ReadCount(reader));
            var spec = DeclarationJson.Read<ExperimentSpec>(json, out _);
            var definition = (spec is null ? null : ExperimentValidator.Validate(spec, _dimensions, out _))
                ?? throw new InvalidDataException("An experiment in the state does not validate.");
            var state = new ExperimentState(definition, configured);
            for (var a = 0; a < state.Arms.Length; a++)
            {
                state.Arms[a] = ArmState.ReadFrom(reader);
            }

            for (var a = 0; a < state.Msprt.Length; a++)
            {
                var control = new ArmCounts(reader.ReadInt64(), reader.ReadInt64());
                var variant = new ArmCounts(reader.ReadInt64(), reader.ReadInt64());
                state.Msprt[a] = new MsprtState(control, variant, reader.ReadDouble());
            }

            var counted = StateFormat.ReadCount(reader);
            for (var u = 0; u < counted; u++)
            {
                state.Counted.Add(reader.ReadString());
            }

            var exposed = StateFormat.ReadCount(reader);
            for (var u = 0; u < exposed; u++)
            {
                state.Exposed[reader.ReadString()] = reader.ReadInt32();
            }

            var undeclared = StateFormat.ReadCount(reader);
            for (var u = 0; u < undeclared; u++)
            {
                state.Undeclared[reader.ReadString()] = reader.ReadInt64();
            }

            state.UndeclaredOther = reader.ReadInt64();
            Add(state);
        }
    }
}
