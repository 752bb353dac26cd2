namespace Observability.Experiments.Declarations;

/// <summary>
/// Checks an <see cref="ExperimentSpec"/> and turns it into an <see cref="Experiment"/>: every error names its field, so
/// the API answers 400 with it and a configured experiment fails the start naming it.
/// </summary>
public static class ExperimentValidator
{
    /// <summary>The longest variant name (a label value of the experiment's gauges).</summary>
    public const int MaxVariantLength = 128;

    /// <summary>The most arms an experiment has.</summary>
    public const int MaxVariants = 20;

    /// <summary>
    /// Validates <paramref name="spec"/>; <paramref name="dimensions"/> are the dimensions allowed (the built-in ones and
    /// those configured). Returns the experiment, or null with every error found.
    /// </summary>
    public static Experiment? Validate(ExperimentSpec spec, IReadOnlyCollection<string> dimensions, out IReadOnlyList<DeclarationError> errors)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(dimensions);
        var found = new List<DeclarationError>();
        errors = found;
        if (!DeclarationNames.IsValidName(spec.Name))
        {
            found.Add(new("name", $"is required: 1 to {DeclarationNames.MaxNameLength} lowercase letters, digits, '_' or '-'."));
        }

        if (string.IsNullOrEmpty(spec.Dimension))
        {
            found.Add(new("dimension", $"is required: one of {string.Join(", ", dimensions)}."));
        }
        else if (!dimensions.Contains(spec.Dimension))
        {
            found.Add(new("dimension", $"'{spec.Dimension}' is not a known dimension: use one of {string.Join(", ", dimensions)}, or configure it in Experiments:Dimensions."));
        }

        var units = UnitKind.Tasks;
        if (spec.Units is not null && !DeclarationNames.TryParseUnits(spec.Units, out units))
        {
            found.Add(new("units", $"'{spec.Units}' is not a kind of unit: use tasks, runs or merges."));
        }

        var (names, weights, control) = Variants(spec.Variants, found);
        var filter = Filters.Check(spec.Filter, found);
        var primary = units.DefaultMetric();
        if (spec.PrimaryMetric is not null)
        {
            primary = Metric(spec.PrimaryMetric, units, "primaryMetric", found) ?? primary;
        }

        var guardrails = new List<ExperimentMetric>();
        for (var i = 0; i < (spec.GuardrailMetrics?.Count ?? 0); i++)
        {
            if (Metric(spec.GuardrailMetrics![i], units, $"guardrailMetrics[{i}]", found) is { } metric && !guardrails.Contains(metric))
            {
                guardrails.Add(metric);
            }
        }

        if (spec.Start is { } start && spec.End is { } end && end <= start)
        {
            found.Add(new("end", "must be after start."));
        }

        if (spec.MinimumSamplePerArm is < 1)
        {
            found.Add(new("minimumSamplePerArm", "must be at least 1."));
        }

        if (found.Count > 0)
        {
            return null;
        }

        return new Experiment(
            spec.Name!, spec.Dimension!, names, weights, control, units, filter, primary, guardrails, spec.Start, spec.End,
            spec.MinimumSamplePerArm ?? Statistics.VerdictOptions.DefaultMinimumSamplePerArm);
    }

    private static (string[] Names, double[] Weights, int Control) Variants(List<VariantSpec>? variants, List<DeclarationError> found)
    {
        if (variants is null || variants.Count < 2)
        {
            found.Add(new("variants", "needs at least two variants, one of them the control."));
            return ([], [], -1);
        }

        if (variants.Count > MaxVariants)
        {
            found.Add(new("variants", $"has {variants.Count} variants; at most {MaxVariants} are allowed."));
            return ([], [], -1);
        }

        var names = new string[variants.Count];
        var weights = new double[variants.Count];
        var control = -1;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var weightSum = 0.0;
        for (var i = 0; i < variants.Count; i++)
        {
            var v = variants[i];
            if (v is null || string.IsNullOrEmpty(v.Name) || v.Name.Length > MaxVariantLength)
            {
                found.Add(new($"variants[{i}].name", $"is required: 1 to {MaxVariantLength} characters."));
            }
            else if (!seen.Add(v.Name))
            {
                found.Add(new($"variants[{i}].name", $"'{v.Name}' is declared twice; variant names are unique."));
            }

            var weight = v?.Weight ?? 1;
            if (!double.IsFinite(weight) || weight < 0)
            {
                found.Add(new($"variants[{i}].weight", "must be a finite number, 0 or more."));
            }
            else
            {
                weightSum += weight;
            }

            if (v?.Control == true)
            {
                if (control >= 0)
                {
                    found.Add(new($"variants[{i}].control", $"only one variant is the control; variants[{control}] already is."));
                }
                else
                {
                    control = i;
                }
            }

            names[i] = v?.Name ?? string.Empty;
            weights[i] = weight;
        }

        if (!(weightSum > 0))
        {
            found.Add(new("variants", "the weights must sum to a positive value."));
        }

        if (control < 0)
        {
            found.Add(new("variants", "has no control: mark one variant with \"control\": true."));
        }
        else if (weightSum > 0 && !(weights[control] > 0))
        {
            found.Add(new($"variants[{control}].weight", "the control's weight must be positive."));
        }

        return (names, weights, control);
    }

    private static ExperimentMetric? Metric(string text, UnitKind units, string field, List<DeclarationError> found)
    {
        if (!DeclarationNames.TryParseMetric(text, out var metric))
        {
            var all = string.Join(", ", Enum.GetValues<ExperimentMetric>().Select(m => m.Name()));
            found.Add(new(field, $"'{text}' is not a known metric: use one of {all}."));
            return null;
        }

        if (!units.Gives(metric))
        {
            found.Add(new(field, $"{units.Name()} do not give {metric.Name()}."));
            return null;
        }

        return metric;
    }
}
