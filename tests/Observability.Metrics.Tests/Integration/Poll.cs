using System.Diagnostics;

namespace Observability.Metrics.Tests.Integration;

/// <summary>Bounded polling: waits for a condition instead of sleeping a fixed time.</summary>
internal static class Poll
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Calls <paramref name="attempt"/> until it returns null (success) or <paramref name="timeout"/> passes;
    /// then fails with <paramref name="what"/> and the last reason the attempt gave. With
    /// <paramref name="settledAfter"/>, it fails early once the same reason has been given for that long:
    /// a mismatch that outlives several scrapes is not going to change.
    /// </summary>
    public static async Task UntilAsync(string what, Func<Task<string?>> attempt, TimeSpan? timeout = null, TimeSpan? settledAfter = null)
    {
        var limit = timeout ?? DefaultTimeout;
        var clock = Stopwatch.StartNew();
        string? reason;
        string? previous = null;
        var unchangedSince = TimeSpan.Zero;
        while (true)
        {
            try
            {
                reason = await attempt();
            }
            catch (HttpRequestException e)
            {
                reason = $"{e.GetType().Name}: {e.Message}";
            }
            catch (TaskCanceledException e)
            {
                reason = $"{e.GetType().Name}: {e.Message}";
            }

            if (reason is null)
            {
                return;
            }

            if (reason != previous)
            {
                previous = reason;
                unchangedSince = clock.Elapsed;
            }
            else if (settledAfter is { } settled && clock.Elapsed - unchangedSince >= settled)
            {
                Assert.Fail($"{what} did not happen: the state stayed the same for {settled.TotalSeconds:0} s.\nState:\n{reason}");
            }

            if (clock.Elapsed >= limit)
            {
                break;
            }

            await Task.Delay(Interval);
        }

        Assert.Fail($"Timed out after {limit.TotalSeconds:0} s waiting for {what}.\nLast state:\n{reason}");
    }
}
