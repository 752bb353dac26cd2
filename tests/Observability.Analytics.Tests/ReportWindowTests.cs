namespace Observability.Analytics.Tests;

public sealed class ReportWindowTests
{
    [Theory]
    [InlineData("24h", 1)]
    [InlineData("7d", 7)]
    [InlineData("30d", 30)]
    [InlineData("90d", 90)]
    public void TryParse_NamedWindow_GivesItsLength(string name, int days)
    {
        Assert.True(ReportWindow.TryParse(name, out var length));
        Assert.Equal(TimeSpan.FromDays(days), length);
    }

    [Fact]
    public void TryParse_All_IsUnbounded()
    {
        Assert.True(ReportWindow.TryParse("all", out var length));
        Assert.Null(length);
    }

    [Theory]
    [InlineData("1w")]
    [InlineData("7D")]
    [InlineData("")]
    [InlineData(null)]
    public void TryParse_AnythingElse_IsRejected(string? name) => Assert.False(ReportWindow.TryParse(name, out _));

    [Fact]
    public void TimeScope_Last_BoundsBothEndsInclusive()
    {
        var now = History.At("12:00");
        var scope = TimeScope.Last(TimeSpan.FromHours(1), now);
        Assert.True(scope.Contains(History.At("11:00").UtcTicks));
        Assert.True(scope.Contains(now.UtcTicks));
        Assert.False(scope.Contains(History.At("10:59:59").UtcTicks));
        Assert.False(scope.Contains(History.At("12:00:01").UtcTicks));
    }
}
