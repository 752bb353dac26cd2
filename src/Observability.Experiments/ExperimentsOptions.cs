using System.Text;
using Observability.Experiments.Declarations;
using Observability.Statistics;

namespace Observability.Experiments;

/// <summary>
/// The <c>Experiments</c> configuration section: extra dimensions, experiments and goals declared in configuration, and
/// the statistics' settings. Validated at start (<see cref="Validate"/>): a bad declaration stops the start naming it.
/// </summary>
public sealed class ExperimentsOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Experiments";

    /// <summary>Default hours without progress after which an unfinished goal is stalled: 72 (three days).</summary>
    public const double DefaultStalledAfterHours = 72;

    /// <summary>Metadata keys, beyond model, promptVariant and skillVersion, that experiments may use as their dimension.</summary>
    public List<string> Dimensions { get; set; } = [];

    /// <summary>Experiments declared in configuration; they count every unit in the log.</summary>
    public List<ExperimentSpec> Experiments { get; set; } = [];

    /// <summary>Goals declared in configuration.</summary>
    public List<GoalSpec> Goals { get; set; } = [];

    /// <summary>The family-wise significance level of verdicts; default 0.05.</summary>
    public double Alpha { get; set; } = VerdictOptions.DefaultAlpha;

    /// <summary>The mSPRT mixing variance τ²; default 0.01.</summary>
    public double MixingVariance { get; set; } = MsprtOptions.DefaultMixingVariance;

    /// <summary>Units each arm needs before the mSPRT p-value starts; default 20.</summary>
    public int BurnInPerArm { get; set; } = MsprtOptions.DefaultBurnInPerArm;

    /// <summary>Hours without a unit done after which an unfinished goal is stalled; default <see cref="DefaultStalledAfterHours"/>.</summary>
    public double StalledAfterHours { get; set; } = DefaultStalledAfterHours;

    /// <summary>Every problem with the settings, each naming its key; empty when they are good.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (!(Alpha > 0 && Alpha < 1))
        {
            problems.Add($"{Section}:Alpha must be strictly between 0 and 1 (got {Alpha}).");
        }

        if (!double.IsFinite(MixingVariance) || MixingVariance <= 0)
        {
            problems.Add($"{Section}:MixingVariance must be a positive number (got {MixingVariance}).");
        }

        if (BurnInPerArm < 1)
        {
            problems.Add($"{Section}:BurnInPerArm must be at least 1 (got {BurnInPerArm}).");
        }

        if (!double.IsFinite(StalledAfterHours) || StalledAfterHours <= 0)
        {
            problems.Add($"{Section}:StalledAfterHours must be a positive number (got {StalledAfterHours}).");
        }

        for (var i = 0; i < Dimensions.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(Dimensions[i]))
            {
                problems.Add($"{Section}:Dimensions:{i} must be a metadata key.");
            }
        }

        var dimensions = AllDimensions();
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Experiments.Count; i++)
        {
            if (ExperimentValidator.Validate(Experiments[i], dimensions, out var errors) is { } experiment && !names.Add(experiment.Name))
            {
                problems.Add($"{Section}:Experiments:{i}:name '{experiment.Name}' is declared twice.");
            }

            problems.AddRange(errors.Select(e => $"{Section}:Experiments:{i}:{e.Field} {e.Detail}"));
        }

        names.Clear();
        for (var i = 0; i < Goals.Count; i++)
        {
            if (GoalValidator.Validate(Goals[i], out var errors) is { } goal && !names.Add(goal.Name))
            {
                problems.Add($"{Section}:Goals:{i}:name '{goal.Name}' is declared twice.");
            }

            problems.AddRange(errors.Select(e => $"{Section}:Goals:{i}:{e.Field} {e.Detail}"));
        }

        return problems;
    }

    /// <summary>The built-in dimensions and the configured ones.</summary>
    public IReadOnlyCollection<string> AllDimensions() =>
        [.. DeclarationNames.BuiltInDimensions.Concat(Dimensions.Where(d => !string.IsNullOrWhiteSpace(d))).Distinct(StringComparer.Ordinal)];

    /// <summary>The configured experiments, validated.</summary>
    /// <exception cref="ArgumentException">One does not validate.</exception>
    public IReadOnlyList<Experiment> ValidatedExperiments()
    {
        var dimensions = AllDimensions();
        return [.. Experiments.Select((spec, i) => ExperimentValidator.Validate(spec, dimensions, out var errors)
            ?? throw new ArgumentException($"{Section}:Experiments:{i}:{errors[0].Field} {errors[0].Detail}"))];
    }

    /// <summary>The configured goals, validated.</summary>
    /// <exception cref="ArgumentException">One does not validate.</exception>
    public IReadOnlyList<Goal> ValidatedGoals() =>
        [.. Goals.Select((spec, i) => GoalValidator.Validate(spec, out var errors)
            ?? throw new ArgumentException($"{Section}:Goals:{i}:{errors[0].Field} {errors[0].Detail}"))];

    /// <summary>What the experiments projection's fold depends on, for the snapshot's fingerprint.</summary>
    public string ExperimentsFingerprint()
    {
        var text = new StringBuilder();
        text.Append("dimensions=").AppendJoin(',', AllDimensions()).Append(";tau2=").Append(MixingVariance.ToString("R"))
            .Append(";burnin=").Append(BurnInPerArm);
        foreach (var experiment in ValidatedExperiments())
        {
            text.Append(';').Append(Encoding.UTF8.GetString(DeclarationJson.Write(experiment.ToSpec())));
        }

        return text.ToString();
    }

    /// <summary>What the goals projection's fold depends on, for the snapshot's fingerprint.</summary>
    public string GoalsFingerprint()
    {
        var text = new StringBuilder("goals");
        foreach (var goal in ValidatedGoals())
        {
            text.Append(';').Append(Encoding.UTF8.GetString(DeclarationJson.Write(goal.ToSpec())));
        }

        return text.ToString();
    }
}
