using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Observability.Sidecar.Hosting;
using Observability.Sidecar.Security;
using Observability.Sidecar.Tests.Support;

namespace Observability.Sidecar.Tests.Security;

/// <summary>The daily quotas' day keying on a manual clock: a UTC day's usage, its end at midnight, its file.</summary>
public sealed class EventQuotasTests
{
    private static readonly DateTimeOffset LateEvening = new(2026, 3, 1, 23, 59, 30, TimeSpan.Zero);

    [Fact]
    public void EventQuotas_UtcMidnightPasses_UsageStartsAgainAndRetryAfterCountsToMidnight()
    {
        using var directory = new TempDirectory("quotas-day");
        var time = new FakeTimeProvider(LateEvening);
        var quotas = Create(directory.Path, time, perDay: 10);

        Assert.Null(quotas.TryReserve("runner", 10));
        var refusal = quotas.TryReserve("runner", 1);

        Assert.Equal(new QuotaRefusal(10, 10, 30), refusal);
        time.Advance(TimeSpan.FromSeconds(29.5));
        Assert.Equal(1, quotas.TryReserve("runner", 1)!.RetryAfterSeconds);
        time.Advance(TimeSpan.FromSeconds(0.5));
        Assert.Equal(0, quotas.Used("runner"));
        Assert.Null(quotas.TryReserve("runner", 10));
        Assert.Equal(new DateOnly(2026, 3, 2), quotas.Day);
        Assert.Equal(86_400, quotas.SecondsToMidnight());
    }

    [Fact]
    public async Task EventQuotas_SettledReservation_KeepsStoredEventsInTheFileForThatDayOnly()
    {
        using var directory = new TempDirectory("quotas-file");
        var time = new FakeTimeProvider(LateEvening);
        var quotas = Create(directory.Path, time, perDay: 10);
        var day = quotas.Day;

        Assert.Null(quotas.TryReserve("runner", 8));
        await quotas.SettleAsync("runner", day, reserved: 8, stored: 5);

        Assert.Equal(5, quotas.Used("runner"));
        Assert.Equal(5, Create(directory.Path, time, perDay: 10).Used("runner"));
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(0, Create(directory.Path, time, perDay: 10).Used("runner"));

        // A reservation from the day before gives nothing back to the new day.
        Assert.Null(quotas.TryReserve("runner", 4));
        await quotas.SettleAsync("runner", day, reserved: 8, stored: 0);
        Assert.Equal(4, quotas.Used("runner"));
    }

    private static EventQuotas Create(string dataDirectory, TimeProvider time, long perDay)
    {
        var auth = Options.Create(new AuthOptions
        {
            Tokens = [new TokenOptions { Name = "runner", Scopes = ["ingest"], Sha256 = new string('a', 64) }],
        });
        return new EventQuotas(
            Options.Create(new LimitOptions { EventsPerDay = perDay }),
            Options.Create(new SidecarOptions { DataDirectory = dataDirectory }),
            new TokenStore(auth),
            time,
            NullLogger<EventQuotas>.Instance);
    }
}
