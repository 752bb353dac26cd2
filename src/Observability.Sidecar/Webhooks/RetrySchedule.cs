using System.Security.Cryptography;

namespace Observability.Sidecar.Webhooks;

/// <summary>
/// When to try a failing receiver again, and when to give a crossing up: exponential backoff from the base delay,
/// doubled per failed attempt of the same crossing and capped, with "equal jitter" (a uniform draw from the upper
/// half of the delay) so that many sidecars failing at once do not retry in step; a <c>Retry-After</c> the receiver
/// sent counts as a floor. This is the circuit breaker too: a failing receiver gets one request per delay, and the
/// crossing waits for the next one instead of being dropped.
/// </summary>
internal sealed class RetrySchedule
{
    private readonly double _baseSeconds;
    private readonly double _maxSeconds;
    private readonly TimeSpan _maxRetry;
    private readonly Func<double> _random;

    /// <param name="baseDelay">The delay after the first failure, before jitter.</param>
    /// <param name="maxDelay">The longest delay.</param>
    /// <param name="maxRetry">How long a receiver may keep failing before a crossing it fails on is given up.</param>
    /// <param name="random">A uniform draw in [0, 1); a cryptographic source when null.</param>
    public RetrySchedule(TimeSpan baseDelay, TimeSpan maxDelay, TimeSpan maxRetry, Func<double>? random = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(baseDelay, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDelay, baseDelay);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(maxRetry, TimeSpan.Zero);
        _baseSeconds = baseDelay.TotalSeconds;
        _maxSeconds = maxDelay.TotalSeconds;
        _maxRetry = maxRetry;
        _random = random ?? (() => RandomNumberGenerator.GetInt32(int.MaxValue) / (double)int.MaxValue);
    }

    /// <summary>The options' schedule.</summary>
    public static RetrySchedule From(WebhookOptions options) => new(
        TimeSpan.FromSeconds(options.BaseDelaySeconds),
        TimeSpan.FromSeconds(options.MaxDelaySeconds),
        TimeSpan.FromHours(options.MaxRetryHours));

    /// <summary>The wait before the next attempt of a crossing that has failed <paramref name="failures"/> times (at least 1).</summary>
    /// <param name="failures">Failed attempts of this crossing so far.</param>
    /// <param name="retryAfter">The receiver's <c>Retry-After</c>, if it sent one; never waited beyond the cap.</param>
    public TimeSpan Delay(int failures, TimeSpan? retryAfter = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failures, 1);
        var ceiling = Math.Min(_maxSeconds, _baseSeconds * Math.Pow(2, Math.Min(failures - 1, 60)));
        var seconds = (ceiling / 2) + (_random() * ceiling / 2);
        if (retryAfter is { } floor && floor.TotalSeconds > seconds)
        {
            seconds = Math.Min(floor.TotalSeconds, _maxSeconds);
        }

        return TimeSpan.FromSeconds(seconds);
    }

    /// <summary>True once a receiver failing since <paramref name="failingSince"/> has failed for the whole retry span.</summary>
    public bool GivesUp(DateTimeOffset failingSince, DateTimeOffset now) => now - failingSince >= _maxRetry;
}
