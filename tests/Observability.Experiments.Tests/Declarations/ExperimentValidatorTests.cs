using System.Text;
using Observability.Experiments.Declarations;

namespace Observability.Experiments.Tests.Declarations;

public sealed class ExperimentValidatorTests
{
    private static readonly IReadOnlyCollection<string> Dimensions = DeclarationNames.BuiltInDimensions;

    private static ExperimentSpec Valid() => new()
    {
        Name = "prompt-v2",
        Dimension = "promptVariant",
        Variants = [new() { Name = "a", Control = true }, new() { Name = "b", Weight = 2 }],
        Filter = new() { ["taskType"] = "spec" },
    };

    private static string[] Fields(ExperimentSpec spec, IReadOnlyCollection<string>? dimensions = null)
    {
        Assert.Null(ExperimentValidator.Validate(spec, dimensions ?? Dimensions, out var errors));
        return [.. errors.Select(e => e.Field)];
    }

    [Fact]
    public void Validate_ValidSpec_GivesDefaultsAndSortedFilter()
    {
        var experiment = ExperimentValidator.Validate(Valid(), Dimensions, out var errors);
        Assert.Empty(errors);
        Assert.NotNull(experiment);
        Assert.Equal(UnitKind.Tasks, experiment.Units);
        Assert.Equal(ExperimentMetric.SuccessRate, experiment.PrimaryMetric);
        Assert.Equal(20, experiment.MinimumSamplePerArm);
        Assert.Equal("a", experiment.Control);
        Assert.Equal([1.0, 2.0], experiment.Weights);
    }

    [Fact]
    public void Validate_NoControl_NamesVariants()
    {
        var spec = Valid();
        spec.Variants![0].Control = false;
        Assert.Equal(["variants"], Fields(spec));
    }

    [Fact]
    public void Validate_TwoControls_NamesTheSecond()
    {
        var spec = Valid();
        spec.Variants![1].Control = true;
        Assert.Equal(["variants[1].control"], Fields(spec));
    }

    [Fact]
    public void Validate_DuplicateVariant_NamesItsName()
    {
        var spec = Valid();
        spec.Variants!.Add(new() { Name = "b" });
        Assert.Equal(["variants[2].name"], Fields(spec));
    }

    [Fact]
    public void Validate_WeightsSummingToZero_NamesVariants()
    {
        var spec = Valid();
        spec.Variants![0].Weight = 0;
        spec.Variants![1].Weight = 0;
        Assert.Contains("variants", Fields(spec));
    }

    [Fact]
    public void Validate_NegativeWeight_NamesIt()
    {
        var spec = Valid();
        spec.Variants![1].Weight = -1;
        Assert.Equal(["variants[1].weight"], Fields(spec));
    }

    [Fact]
    public void Validate_UnknownMetric_NamesPrimaryMetric()
    {
        var spec = Valid();
        spec.PrimaryMetric = "happiness";
        Assert.Equal(["primaryMetric"], Fields(spec));
    }

    [Fact]
    public void Validate_MetricTheUnitsDoNotGive_NamesIt()
    {
        var spec = Valid();
        spec.Units = "merges";
        spec.GuardrailMetrics = ["first_pass_merge_rate", "duration"];
        Assert.Equal(["guardrailMetrics[1]"], Fields(spec));
    }

    [Fact]
    public void Validate_UnknownDimension_NamesDimension()
    {
        var spec = Valid();
        spec.Dimension = "temperature";
        Assert.Equal(["dimension"], Fields(spec));
    }

    [Fact]
    public void Validate_ConfiguredDimension_IsAccepted()
    {
        var spec = Valid();
        spec.Dimension = "temperature";
        Assert.NotNull(ExperimentValidator.Validate(spec, [.. Dimensions, "temperature"], out _));
    }

    [Fact]
    public void Validate_FilterOnUnknownField_NamesIt()
    {
        var spec = Valid();
        spec.Filter!["colour"] = "blue";
        Assert.Equal(["filter.colour"], Fields(spec));
    }

    [Fact]
    public void Validate_BadNameEndBeforeStartAndTinySample_NamesEach()
    {
        var spec = Valid();
        spec.Name = "Has Spaces";
        spec.Start = new DateTimeOffset(2026, 1, 2, 0, 0, 0, TimeSpan.Zero);
        spec.End = spec.Start.Value.AddDays(-1);
        spec.MinimumSamplePerArm = 0;
        Assert.Equal(["name", "end", "minimumSamplePerArm"], Fields(spec));
    }

    [Fact]
    public void Read_UnknownProperty_NamesIt()
    {
        Assert.Null(DeclarationJson.Read<ExperimentSpec>("""{"name":"x","colour":"blue"}"""u8, out var error));
        Assert.Equal("colour", error!.Field);
    }

    [Fact]
    public void Read_WrongType_NamesTheNestedField()
    {
        Assert.Null(DeclarationJson.Read<ExperimentSpec>("""{"name":"x","variants":[{"name":"a","weight":"heavy"}]}"""u8, out var error));
        Assert.Equal("variants[0].weight", error!.Field);
    }

    [Fact]
    public void Write_CanonicalSpec_ReadsBackToTheSameExperiment()
    {
        var experiment = ExperimentValidator.Validate(Valid(), Dimensions, out _)!;
        var json = DeclarationJson.Write(experiment.ToSpec());
        var again = ExperimentValidator.Validate(DeclarationJson.Read<ExperimentSpec>(json, out _)!, Dimensions, out _)!;
        Assert.Equal(Encoding.UTF8.GetString(json), Encoding.UTF8.GetString(DeclarationJson.Write(again.ToSpec())));
    }

    [Fact]
    public void Validate_GoalWithRunsAndZeroTarget_NamesBoth()
    {
        Assert.Null(GoalValidator.Validate(new GoalSpec { Name = "g", Units = "runs", TargetCount = 0, Filter = new() { ["colour"] = "x" } }, out var errors));
        Assert.Equal(["units", "targetCount", "filter.colour"], errors.Select(e => e.Field));
    }
}
