using Observability.Experiments.Assignment;
using Observability.Experiments.Declarations;

namespace Observability.Experiments.Tests.Assignment;

public sealed class AssignerTests
{
    // Computed with Python's hashlib by the formula in Assigner's remarks:
    // (int.from_bytes(sha256(f"{name}\n{unit}".encode()).digest()[:8], "big") >> 11) / 2**53
    [Theory]
    [InlineData("prompt-v2", "task-1", 0.6412275583005929, "exposure-a4277d4031ea35e8923c96fcca697baf")]
    [InlineData("prompt-v2", "task-2", 0.48470946048933017, "exposure-7c15eb50dd0cdee818c40da4c446cfd9")]
    [InlineData("model-ab", "wi-42", 0.29403015111523756, "exposure-4b458f5b13f02a5b03687bf02020affc")]
    [InlineData("x", "ü-unit", 0.5564334676427619, "exposure-8e726c79eceffaaf468b41fb4724129d")]
    public void Point_KnownUnits_MatchTheDocumentedFormula(string experiment, string unit, double point, string exposureId)
    {
        Assert.Equal(point, Assigner.Point(experiment, unit));
        Assert.Equal(exposureId, Assigner.ExposureId(experiment, unit));
    }

    [Fact]
    public void Pick_Points_FollowCumulativeWeights()
    {
        double[] weights = [1, 0, 3];
        Assert.Equal(0, Assigner.Pick(weights, 0));
        Assert.Equal(0, Assigner.Pick(weights, 0.2499));
        Assert.Equal(2, Assigner.Pick(weights, 0.25));
        Assert.Equal(2, Assigner.Pick(weights, 0.9999999999999999));
    }

    [Fact]
    public void Assign_ManyUnits_SplitsByWeightAndNeverPicksAZeroWeight()
    {
        var experiment = ExperimentValidator.Validate(
            new ExperimentSpec
            {
                Name = "split",
                Dimension = "model",
                Variants = [new() { Name = "a", Control = true, Weight = 1 }, new() { Name = "b", Weight = 3 }, new() { Name = "c", Weight = 0 }],
            },
            DeclarationNames.BuiltInDimensions,
            out _)!;
        var counts = new int[3];
        for (var i = 0; i < 40_000; i++)
        {
            counts[Assigner.Assign(experiment, $"unit-{i}")]++;
        }

        Assert.Equal(0, counts[2]);

        // 10,000 expected in a; the binomial's standard deviation is about 87, so 5 of them is far beyond chance.
        Assert.InRange(counts[0], 10_000 - 435, 10_000 + 435);
        Assert.Equal(Assigner.Assign(experiment, "unit-7"), Assigner.Assign(experiment, "unit-7"));
    }
}
