using System.Text;
using Observability.Events;
using Observability.Experiments.Declarations;
using Observability.Statistics;

namespace Observability.Experiments.Experiments;

/// <summary>
/// One experiment's fold: its arms, the units already counted (each unit once, at its first finishing event), the
/// exposures from assignment (a unit's variant when its events do not name one), values of the dimension no arm
/// declares (counted visibly, at most <see cref="MaxUndeclared"/> distinct ones), and the mSPRT state of each
/// non-control arm on the primary metric.
/// </summary>
internal sealed class ExperimentState
{
    /// <summary>Distinct undeclared values kept by name; the rest are counted together.</summary>
    public const int MaxUndeclared = 32;

    private readonly byte[] _dimension;
    private readonly (byte[] Key, byte[] Value)[] _filter;
    private readonly Dictionary<string, int> _arms;

    public ExperimentState(Experiment definition, bool configured)
    {
        Definition = definition;
        Configured = configured;
        _dimension = Encoding.UTF8.GetBytes(definition.Dimension);
        _filter = [.. definition.Filter.Select(p => (Encoding.UTF8.GetBytes(p.Key), Encoding.UTF8.GetBytes(p.Value)))];
        _arms = definition.Variants.Select((v, i) => (v, i)).ToDictionary(p => p.v, p => p.i, StringComparer.Ordinal);
        Arms = [.. definition.Variants.Select(_ => new ArmState())];
        Msprt = [.. definition.Variants.Select(_ => MsprtState.Start)];
    }

    public Experiment Definition { get; }

    /// <summary>Declared in configuration rather than by an event.</summary>
    public bool Configured { get; }

    public ArmState[] Arms { get; }

    public MsprtState[] Msprt { get; }

    public HashSet<string> Counted { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, int> Exposed { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, long> Undeclared { get; } = new(StringComparer.Ordinal);

    public long UndeclaredOther { get; set; }

    /// <summary>Records an assignment; false when the variant is not one of the arms (the event is then ignored).</summary>
    public void Expose(string unit, string variant)
    {
        if (_arms.TryGetValue(variant, out var arm) && Exposed.TryAdd(unit, arm))
        {
            Arms[arm].Exposures++;
        }
    }

    /// <summary>Counts a finished unit, when it is in this experiment.</summary>
    public void Finish(in StoredEvent e, UnitKind kind, in UnitOutcome outcome, MsprtOptions msprt)
    {
        var definition = Definition;
        if (kind != definition.Units || !definition.Covers(e.Timestamp) || !Matches(e))
        {
            return;
        }

        var value = Variant(e);
        int arm;
        if (value is null)
        {
            if (!Exposed.TryGetValue(e.EntityId, out arm))
            {
                return;
            }
        }
        else if (!_arms.TryGetValue(value, out arm))
        {
            if (Counted.Add(e.EntityId))
            {
                CountUndeclared(value);
            }

            return;
        }

        if (!Counted.Add(e.EntityId))
        {
            return;
        }

        Arms[arm].Add(outcome);
        if (definition.PrimaryMetric.IsRate())
        {
            var success = definition.PrimaryMetric switch
            {
                ExperimentMetric.SuccessRate => outcome.Succeeded,
                ExperimentMetric.FirstPassMergeRate => outcome.FirstPass,
                ExperimentMetric.ReworkRate => outcome.Reworked,
                _ => outcome.Intervened,
            };
            var control = definition.ControlIndex;
            if (arm == control)
            {
                for (var i = 0; i < Msprt.Length; i++)
                {
                    if (i != control)
                    {
                        Msprt[i] = Statistics.Msprt.Observe(Msprt[i], false, success, msprt);
                    }
                }
            }
            else
            {
                Msprt[arm] = Statistics.Msprt.Observe(Msprt[arm], true, success, msprt);
            }
        }
    }

    private string? Variant(in StoredEvent e) =>
        Definition.Dimension == "model" ? e.Model : e.Metadata.TryGet(_dimension, out var v) ? v.GetCachedString() : null;

    private bool Matches(in StoredEvent e)
    {
        if (_filter.Length == 0)
        {
            return true;
        }

        var metadata = e.Metadata;
        foreach (var (key, value) in _filter)
        {
            if (!metadata.StringEquals(key, value))
            {
                return false;
            }
        }

        return true;
    }

    private void CountUndeclared(string value)
    {
        if (Undeclared.TryGetValue(value, out var n))
        {
            Undeclared[value] = n + 1;
        }
        else if (Undeclared.Count < MaxUndeclared)
        {
            Undeclared[value] = 1;
        }
        else
        {
            UndeclaredOther++;
        }
    }
}
