namespace Observability.Experiments.Declarations;

/// <summary>Checks a <see cref="GoalSpec"/> and turns it into a <see cref="Goal"/>, every error naming its field.</summary>
public static class GoalValidator
{
    /// <summary>Validates <paramref name="spec"/>; returns the goal, or null with every error found.</summary>
    public static Goal? Validate(GoalSpec spec, out IReadOnlyList<DeclarationError> errors)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var found = new List<DeclarationError>();
        errors = found;
        if (!DeclarationNames.IsValidName(spec.Name))
        {
            found.Add(new("name", $"is required: 1 to {DeclarationNames.MaxNameLength} lowercase letters, digits, '_' or '-'."));
        }

        var units = UnitKind.Tasks;
        if (spec.Units is not null && (!DeclarationNames.TryParseUnits(spec.Units, out units) || units == UnitKind.Runs))
        {
            found.Add(new("units", $"'{spec.Units}' is not a kind of unit a goal counts: use tasks or merges."));
        }

        // A metric goal says what it counts by its metric.
        if (spec.Units is null && spec.Metric is not null && GoalMetrics.UnitsOf(spec.Metric) is { } measured)
        {
            units = measured;
        }

        if (spec.TargetCount is < 1)
        {
            found.Add(new("targetCount", "must be at least 1."));
        }

        var metric = CheckMetric(spec, units, found);
        var filter = Filters.Check(spec.Filter, found);
        return found.Count > 0 ? null : new Goal(spec.Name!, units, spec.TargetCount, filter, spec.Due, metric);
    }

    private static GoalMetricTarget? CheckMetric(GoalSpec spec, UnitKind units, List<DeclarationError> found)
    {
        if (spec.Metric is null)
        {
            if (spec.AtLeast is not null)
            {
                found.Add(new("atLeast", "needs a metric to apply to."));
            }

            if (spec.MinimumUnits is not null)
            {
                found.Add(new("minimumUnits", "needs a metric to apply to."));
            }

            return null;
        }

        var measuredOn = GoalMetrics.UnitsOf(spec.Metric);
        if (measuredOn is null)
        {
            found.Add(new("metric", $"'{spec.Metric}' is not a goal metric: use {GoalMetrics.SuccessRate} (tasks) or {GoalMetrics.FirstPassMergeRate} (merges)."));
        }
        else if (measuredOn != units)
        {
            found.Add(new("metric", $"{spec.Metric} is measured on {measuredOn.Value.Name()}, but the goal counts {units.Name()}: set units to {measuredOn.Value.Name()}."));
        }

        if (spec.TargetCount is not null)
        {
            found.Add(new("targetCount", "a goal has one target: a count or a metric, not both."));
        }

        if (spec.AtLeast is not { } atLeast || !double.IsFinite(atLeast) || atLeast < 0 || atLeast > 1)
        {
            found.Add(new("atLeast", "is required with a metric: a rate from 0 to 1."));
        }

        if (spec.MinimumUnits is < 1)
        {
            found.Add(new("minimumUnits", "must be at least 1."));
        }

        return found.Count > 0 ? null : new GoalMetricTarget(spec.Metric, spec.AtLeast!.Value, spec.MinimumUnits ?? GoalMetrics.DefaultMinimumUnits);
    }
}
