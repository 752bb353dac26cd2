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

        if (spec.TargetCount is < 1)
        {
            found.Add(new("targetCount", "must be at least 1."));
        }

        var filter = Filters.Check(spec.Filter, found);
        return found.Count > 0 ? null : new Goal(spec.Name!, units, spec.TargetCount, filter, spec.Due);
    }
}
