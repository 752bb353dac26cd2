using Observability.Sidecar.Webhooks;

namespace Observability.Sidecar.Tests.Webhooks;

public sealed class RetryScheduleTests
{
    private static readonly TimeSpan Base = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Cap = TimeSpan.FromSeconds(600);

    [Fact]
    public void Delay_EachFailure_DoublesWithinTheUpperHalfUntilTheCap()
    {
        var low = new RetrySchedule(Base, Cap, TimeSpan.FromHours(72), () => 0);
        var high = new RetrySchedule(Base, Cap, TimeSpan.FromHours(72), () => 0.999_999);

        // 5, 10, 20, 40, 80, 160, 320, 640 -> 600, 600: the draw is from [d/2, d).
        double[] ceilings = [5, 10, 20, 40, 80, 160, 320, 600, 600];
        for (var failures = 1; failures <= ceilings.Length; failures++)
        {
            Assert.Equal(ceilings[failures - 1] / 2, low.Delay(failures).TotalSeconds, 6);
            Assert.Equal(ceilings[failures - 1], high.Delay(failures).TotalSeconds, 3);
        }

        Assert.Equal(600, high.Delay(1000).TotalSeconds, 3);
    }

    [Fact]
    public void Delay_RealJitter_SpreadsTheRetries()
    {
        var schedule = RetrySchedule.From(new WebhookOptions());
        var delays = Enumerable.Range(0, 200).Select(_ => schedule.Delay(3).TotalSeconds).ToList();

        Assert.All(delays, d => Assert.InRange(d, 10, 20));
        Assert.True(delays.Distinct().Count() > 150, "jitter draws distinct delays");
    }

    [Fact]
    public void Delay_RetryAfterLongerThanTheBackoff_WaitsForItUpToTheCap()
    {
        var schedule = new RetrySchedule(Base, Cap, TimeSpan.FromHours(1), () => 0);

        Assert.Equal(120, schedule.Delay(1, TimeSpan.FromSeconds(120)).TotalSeconds, 6);
        Assert.Equal(2.5, schedule.Delay(1, TimeSpan.FromSeconds(1)).TotalSeconds, 6);
        Assert.Equal(600, schedule.Delay(1, TimeSpan.FromHours(5)).TotalSeconds, 6);
    }

    [Fact]
    public void GivesUp_FailingForTheRetrySpan_TrueFromThatMomentOn()
    {
        var schedule = new RetrySchedule(Base, Cap, TimeSpan.FromHours(72));
        var since = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        Assert.False(schedule.GivesUp(since, since));
        Assert.False(schedule.GivesUp(since, since.AddHours(72).AddTicks(-1)));
        Assert.True(schedule.GivesUp(since, since.AddHours(72)));
    }

    [Fact]
    public void Delay_NoFailureYet_IsAnError()
    {
        var schedule = RetrySchedule.From(new WebhookOptions());

        Assert.Throws<ArgumentOutOfRangeException>(() => schedule.Delay(0));
    }
}
