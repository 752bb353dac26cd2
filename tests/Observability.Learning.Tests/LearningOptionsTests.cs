namespace Observability.Learning.Tests;

/// <summary>Settings out of range stop the start with a message naming them.</summary>
public sealed class LearningOptionsTests
{
    [Fact]
    public void Validate_Defaults_AreGood() => Assert.Empty(new LearningOptions().Validate());

    [Theory]
    [InlineData("WindowDays")]
    [InlineData("ReflectionIntervalHours")]
    [InlineData("HalfLifeDays")]
    [InlineData("MinProven")]
    [InlineData("RecommendAtRate")]
    [InlineData("MinConfidence")]
    [InlineData("ContextRules")]
    [InlineData("MaxRules")]
    public void Validate_OutOfRange_NamesTheSetting(string name)
    {
        var options = new LearningOptions();
        var property = typeof(LearningOptions).GetProperty(name)!;
        property.SetValue(options, property.PropertyType == typeof(int) ? -1 : (object)double.NaN);

        var problem = Assert.Single(options.Validate());

        Assert.StartsWith($"Learning:{name} must be between", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_BadActionsAndRates_NameThem()
    {
        var options = new LearningOptions
        {
            AntiPatternBelowRate = 0.9,
            RecommendAtRate = 0.5,
            Actions = new() { ["a:b:c"] = "x", ["timeout"] = " " },
        };

        var problems = options.Validate();

        Assert.Contains(problems, p => p.StartsWith("Learning:AntiPatternBelowRate", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Learning:Actions:a:b:c must be", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Learning:Actions:timeout must be", StringComparison.Ordinal));
    }
}
