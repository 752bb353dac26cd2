using Observability.Experiments.Declarations;

namespace Observability.Experiments.Experiments;

/// <summary>
/// One arm's counts, as the statistics need them: units, the units counted by each rate metric, and every unit's
/// duration, cost and tokens (exact medians and log moments need the values; 8 bytes a unit each).
/// </summary>
internal sealed class ArmState
{
    public long N { get; private set; }

    public long Exposures { get; set; }

    public long Succeeded { get; private set; }

    public long FirstPass { get; private set; }

    public long Reworked { get; private set; }

    public long Intervened { get; private set; }

    public List<double> Durations { get; } = [];

    public List<double> Costs { get; } = [];

    public List<double> Tokens { get; } = [];

    public double CostSum { get; private set; }

    public double TokenSum { get; private set; }

    public void Add(in UnitOutcome unit)
    {
        N++;
        Succeeded += unit.Succeeded ? 1 : 0;
        FirstPass += unit.FirstPass ? 1 : 0;
        Reworked += unit.Reworked ? 1 : 0;
        Intervened += unit.Intervened ? 1 : 0;
        if (unit.DurationSeconds is { } d)
        {
            Durations.Add(d);
        }

        if (unit.CostUsd is { } c)
        {
            Costs.Add(c);
            CostSum += c;
        }

        if (unit.Tokens is { } t)
        {
            Tokens.Add(t);
            TokenSum += t;
        }
    }

    /// <summary>Units counted by a rate metric.</summary>
    public long Count(ExperimentMetric metric) => metric switch
    {
        ExperimentMetric.SuccessRate => Succeeded,
        ExperimentMetric.FirstPassMergeRate => FirstPass,
        ExperimentMetric.ReworkRate => Reworked,
        ExperimentMetric.HumanInterventionRate => Intervened,
        _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, "Not a rate."),
    };

    /// <summary>The per-unit values of an amount metric.</summary>
    public List<double> Values(ExperimentMetric metric) => metric switch
    {
        ExperimentMetric.Duration => Durations,
        ExperimentMetric.Cost => Costs,
        ExperimentMetric.Tokens => Tokens,
        _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, "Not an amount."),
    };

    /// <summary>A copy that later events do not change, for computing an answer outside the host's lock.</summary>
    public ArmSnapshot Snapshot() => new(
        N, Exposures, Succeeded, FirstPass, Reworked, Intervened, [.. Durations], [.. Costs], [.. Tokens], CostSum, TokenSum);

    public void WriteTo(BinaryWriter writer)
    {
        writer.Write(N);
        writer.Write(Exposures);
        writer.Write(Succeeded);
        writer.Write(FirstPass);
        writer.Write(Reworked);
        writer.Write(Intervened);
        WriteList(writer, Durations);
        WriteList(writer, Costs);
        WriteList(writer, Tokens);
        writer.Write(CostSum);
        writer.Write(TokenSum);
    }

    public static ArmState ReadFrom(BinaryReader reader)
    {
        var arm = new ArmState
        {
            N = reader.ReadInt64(),
            Exposures = reader.ReadInt64(),
            Succeeded = reader.ReadInt64(),
            FirstPass = reader.ReadInt64(),
            Reworked = reader.ReadInt64(),
            Intervened = reader.ReadInt64(),
        };
        ReadList(reader, arm.Durations);
        ReadList(reader, arm.Costs);
        ReadList(reader, arm.Tokens);
        arm.CostSum = reader.ReadDouble();
        arm.TokenSum = reader.ReadDouble();
        return arm;
    }

    private static void WriteList(BinaryWriter writer, List<double> values)
    {
        writer.Write(values.Count);
        foreach (var v in values)
        {
            writer.Write(v);
        }
    }

    private static void ReadList(BinaryReader reader, List<double> values)
    {
        var count = reader.ReadInt32();
        if (count < 0)
        {
            throw new InvalidDataException("A negative count of values.");
        }

        values.Capacity = count;
        for (var i = 0; i < count; i++)
        {
            values.Add(reader.ReadDouble());
        }
    }
}
