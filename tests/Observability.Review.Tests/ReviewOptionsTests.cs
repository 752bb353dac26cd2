namespace Observability.Review.Tests;

public sealed class ReviewOptionsTests
{
    [Fact]
    public void Validate_Defaults_AreGood() => Assert.Empty(new ReviewOptions().Validate());

    [Theory]
    [InlineData("StaleAfterHours")]
    [InlineData("SpikeScore")]
    [InlineData("FailureRateRise")]
    [InlineData("IntervalSeconds")]
    [InlineData("TimeoutClusterMinimum")]
    [InlineData("Budgets:proj")]
    [InlineData("AgingHours:high")]
    public void Validate_OutOfRange_NamesTheSetting(string key)
    {
        var options = new ReviewOptions();
        switch (key)
        {
            case "StaleAfterHours": options.StaleAfterHours = 0; break;
            case "SpikeScore": options.SpikeScore = double.NaN; break;
            case "FailureRateRise": options.FailureRateRise = 1.5; break;
            case "IntervalSeconds": options.IntervalSeconds = -1; break;
            case "TimeoutClusterMinimum": options.TimeoutClusterMinimum = 0; break;
            case "Budgets:proj": options.Budgets["proj"] = -5; break;
            default: options.AgingHours["high"] = 0; break;
        }

        var problem = Assert.Single(options.Validate());
        Assert.StartsWith($"Review:{key} ", problem, StringComparison.Ordinal);
    }
}
