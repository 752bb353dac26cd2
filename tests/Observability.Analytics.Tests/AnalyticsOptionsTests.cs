namespace Observability.Analytics.Tests;

public sealed class AnalyticsOptionsTests
{
    [Fact]
    public void Validate_NoPrices_IsValid() => Assert.Empty(new AnalyticsOptions().Validate());

    [Fact]
    public void Validate_BadRows_NameEachSetting()
    {
        var options = new AnalyticsOptions
        {
            Prices =
            [
                new ModelPrice { Model = "m", InputPerMillion = 3, OutputPerMillion = 15 },
                new ModelPrice { Model = "M", InputPerMillion = 1, OutputPerMillion = 1 },
                new ModelPrice { Model = "", InputPerMillion = -1 },
                new ModelPrice { Model = "n", InputPerMillion = double.PositiveInfinity, OutputPerMillion = 0 },
            ],
        };
        var failures = options.Validate();
        Assert.Contains(failures, f => f.StartsWith("Analytics:Prices:1:Model 'M' is priced twice", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Analytics:Prices:2:Model must name a model", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Analytics:Prices:2:InputPerMillion must be a finite number", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Analytics:Prices:2:OutputPerMillion is required", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Analytics:Prices:3:InputPerMillion must be a finite number", StringComparison.Ordinal));
        Assert.Equal(5, failures.Count);
    }

    [Fact]
    public void RunRecordView_InvalidOptions_Throws() =>
        Assert.Throws<ArgumentException>(() => new Observability.Analytics.Runs.RunRecordView(new AnalyticsOptions { Prices = [new ModelPrice { Model = "m" }] }));
}
