using Observability.Events;
using Observability.Experiments.Declarations;
using Observability.Projections;
using Observability.Statistics;

namespace Observability.Experiments.Experiments;

/// <summary>
/// Every experiment's per-arm counts, folded from the log: experiments declared in configuration exist from the first
/// event; one declared by an <c>experiment:declared</c> event counts the units that finish after it (a second
/// declaration of a name, or one that does not validate, is refused and counted). <c>experiment:exposed</c> events
/// record assignments. Answers are computed from a <see cref="ExperimentSnapshot"/> at query time
/// (<see cref="ExperimentAnswers"/>).
/// </summary>
public sealed partial class ExperimentsProjection : IProjection
{
    private readonly ExperimentsOptions _options;
    private readonly IReadOnlyCollection<string> _dimensions;
    private readonly MsprtOptions _msprt;
    private readonly Dictionary<string, ExperimentState> _byName = new(StringComparer.Ordinal);
    private readonly List<ExperimentState> _order = [];
    private readonly UnitTracker _units = new();

    /// <summary>A projection of the experiments <paramref name="options"/> declares and those the log declares.</summary>
    /// <exception cref="ArgumentException">A configured experiment does not validate (the message names it and the field).</exception>
    public ExperimentsProjection(ExperimentsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _dimensions = options.AllDimensions();
        _msprt = new MsprtOptions { MixingVariance = options.MixingVariance, BurnInPerArm = options.BurnInPerArm };
        foreach (var experiment in options.ValidatedExperiments())
        {
            Add(new ExperimentState(experiment, configured: true));
        }
    }

    /// <inheritdoc />
    public string Name => "experiments";

    /// <inheritdoc />
    public int Version => 1;

    /// <inheritdoc />
    public string Settings => _options.ExperimentsFingerprint();

    /// <summary>Stored declarations refused: a name declared before, or a declaration that does not validate.</summary>
    public long RefusedDeclarations { get; private set; }

    /// <inheritdoc />
    public void Apply(in StoredEvent e)
    {
        switch (e.EventType)
        {
            case DeclarationEvents.ExperimentDeclared:
                Declare(e);
                return;
            case DeclarationEvents.ExperimentExposed:
                if (_byName.TryGetValue(e.EntityId, out var exposed) && e.Metadata.Text("unit"u8) is { } unit && e.Metadata.Text("variant"u8) is { } variant)
                {
                    exposed.Expose(unit, variant);
                }

                return;
        }

        if (!_units.Observe(e, out var kind, out var outcome))
        {
            return;
        }

        foreach (var experiment in _order)
        {
            experiment.Finish(e, kind, outcome, _msprt);
        }
    }

    /// <summary>The declaration of <paramref name="name"/>, or null.</summary>
    public Experiment? Find(string name) => _byName.TryGetValue(name, out var state) ? state.Definition : null;

    /// <summary>The state of <paramref name="name"/> at this position, or null when no such experiment is declared.</summary>
    internal ExperimentSnapshot? Snapshot(string name) => _byName.TryGetValue(name, out var state) ? Snapshot(state) : null;

    /// <summary>Every experiment's state at this position, in declaration order.</summary>
    internal IReadOnlyList<ExperimentSnapshot> SnapshotAll() => [.. _order.Select(Snapshot)];

    private static ExperimentSnapshot Snapshot(ExperimentState state) => new(
        state.Definition,
        state.Configured,
        [.. state.Arms.Select(a => a.Snapshot())],
        [.. state.Msprt.Select((m, i) => i == state.Definition.ControlIndex || !state.Definition.PrimaryMetric.IsRate() ? double.NaN : m.PValue)],
        [.. state.Undeclared.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal)],
        state.UndeclaredOther);

    private void Declare(in StoredEvent e)
    {
        var metadata = e.Metadata;
        var spec = metadata.IsObject ? DeclarationJson.Read<ExperimentSpec>(metadata.Raw, out _) : null;
        var experiment = spec is null ? null : ExperimentValidator.Validate(spec, _dimensions, out _);
        if (experiment is null || _byName.ContainsKey(experiment.Name))
        {
            RefusedDeclarations++;
            return;
        }

        Add(new ExperimentState(experiment, configured: false));
    }

    private void Add(ExperimentState state)
    {
        _byName.Add(state.Definition.Name, state);
        _order.Add(state);
    }
}
