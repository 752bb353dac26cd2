namespace Observability.Experiments.Declarations;

/// <summary>The wire names of units, metrics and filter fields, and which metric each kind of unit can give.</summary>
public static class DeclarationNames
{
    /// <summary>Dimensions every experiment may use: the agent's model and the two variant keys the events carry.</summary>
    public static readonly IReadOnlyList<string> BuiltInDimensions = ["model", "promptVariant", "skillVersion"];

    /// <summary>Fields a filter may name, each a metadata key of the finishing event.</summary>
    public static readonly IReadOnlyList<string> FilterFields = ["taskType", "project", "agentType", "stage", "executor"];

    /// <summary>The longest experiment or goal name.</summary>
    public const int MaxNameLength = 64;

    /// <summary>The name of a unit kind.</summary>
    public static string Name(this UnitKind units) => units switch
    {
        UnitKind.Tasks => "tasks",
        UnitKind.Runs => "runs",
        UnitKind.Merges => "merges",
        _ => throw new ArgumentOutOfRangeException(nameof(units), units, null),
    };

    /// <summary>The name of a metric.</summary>
    public static string Name(this ExperimentMetric metric) => metric switch
    {
        ExperimentMetric.SuccessRate => "success_rate",
        ExperimentMetric.FirstPassMergeRate => "first_pass_merge_rate",
        ExperimentMetric.ReworkRate => "rework_rate",
        ExperimentMetric.HumanInterventionRate => "human_intervention_rate",
        ExperimentMetric.Duration => "duration",
        ExperimentMetric.Cost => "cost",
        ExperimentMetric.Tokens => "tokens",
        _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, null),
    };

    /// <summary>Parses a unit kind's name.</summary>
    public static bool TryParseUnits(string? text, out UnitKind units)
    {
        foreach (var candidate in Enum.GetValues<UnitKind>())
        {
            if (candidate.Name() == text)
            {
                units = candidate;
                return true;
            }
        }

        units = default;
        return false;
    }

    /// <summary>Parses a metric's name.</summary>
    public static bool TryParseMetric(string? text, out ExperimentMetric metric)
    {
        foreach (var candidate in Enum.GetValues<ExperimentMetric>())
        {
            if (candidate.Name() == text)
            {
                metric = candidate;
                return true;
            }
        }

        metric = default;
        return false;
    }

    /// <summary>Whether a rate metric (a count of units) rather than a per-unit amount.</summary>
    public static bool IsRate(this ExperimentMetric metric) => metric <= ExperimentMetric.HumanInterventionRate;

    /// <summary>Whether a higher value of the metric is better.</summary>
    public static bool HigherIsBetter(this ExperimentMetric metric) => metric is ExperimentMetric.SuccessRate or ExperimentMetric.FirstPassMergeRate;

    /// <summary>Whether units of this kind give the metric.</summary>
    public static bool Gives(this UnitKind units, ExperimentMetric metric) => (units, metric) switch
    {
        (UnitKind.Merges, ExperimentMetric.FirstPassMergeRate or ExperimentMetric.ReworkRate) => true,
        (UnitKind.Merges, _) => false,
        (_, ExperimentMetric.FirstPassMergeRate) => false,
        (UnitKind.Runs, ExperimentMetric.HumanInterventionRate) => false,
        _ => true,
    };

    /// <summary>The metric a unit kind's experiments compare when none is named.</summary>
    public static ExperimentMetric DefaultMetric(this UnitKind units) =>
        units == UnitKind.Merges ? ExperimentMetric.FirstPassMergeRate : ExperimentMetric.SuccessRate;

    /// <summary>Whether a name is a valid experiment or goal name.</summary>
    public static bool IsValidName(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxNameLength)
        {
            return false;
        }

        foreach (var c in name)
        {
            if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' or '-'))
            {
                return false;
            }
        }

        return true;
    }
}
