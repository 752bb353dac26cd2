using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using Observability.Metrics;
using Observability.Sidecar.Endpoints;

namespace Observability.Sidecar.Security;

/// <summary>
/// Whether a write request's events may be stored, before any is: the caller's events-per-second bucket (per token, or
/// per remote address for callers without one) and its token's daily quota. A request is admitted or refused whole:
/// 429 with <c>Retry-After</c> over the bucket or the quota, 413 when it carries more events than the bucket can ever
/// hold; problem+json naming the limit.
/// </summary>
/// <remarks>
/// The buckets are System.Threading.RateLimiting's token buckets, one permit per event; idle ones are dropped by the
/// partitioned limiter, so per-address buckets stay bounded.
/// </remarks>
internal sealed class EventAdmission : IHostedService, IDisposable
{
    private readonly int _fallbackRate;
    private readonly int _burst;
    private readonly TokenStore _tokens;
    private readonly EventQuotas _quotas;
    private readonly PartitionedRateLimiter<string> _buckets;
    private readonly CounterFamily _rateLimited;
    private readonly CounterFamily _quotaRefused;

    /// <remarks>
    /// Takes <paramref name="requestLimits"/> only so that the request-rate family, otherwise made at the first 429, is
    /// exposed at 0 from the first scrape like the event families (the limits dashboard and alerts query both).
    /// </remarks>
    public EventAdmission(IOptions<LimitOptions> limits, TokenStore tokens, EventQuotas quotas, MetricRegistry registry, RateLimitMetrics requestLimits)
    {
        ArgumentNullException.ThrowIfNull(requestLimits);
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(registry);
        _fallbackRate = limits.Value.EventsPerSecond;
        _burst = limits.Value.EventsBurst;
        _tokens = tokens;
        _quotas = quotas;
        _buckets = PartitionedRateLimiter.Create<string, string>(key =>
        {
            var (rate, burst) = RateOf(key);
            return rate <= 0
                ? RateLimitPartition.GetNoLimiter(key)
                : RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = burst,
                    TokensPerPeriod = rate,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                });
        });
        var names = tokens.Names;
        _rateLimited = registry.CreateCounter(
            "rate_limited_events_total",
            "Events in write requests refused (429 over the bucket, 413 over its burst) because their caller was over its events per second, by token name (anonymous: callers without a token).",
            new MetricOptions { LabelNames = ["token"], KnownLabelSets = [.. names.Append(RequestRateLimits.Anonymous).Select(n => new[] { n })] });
        _quotaRefused = registry.CreateCounter(
            "quota_refused_requests_total",
            "Write requests answered 429 because storing their events would pass their token's daily event quota (Limits:EventsPerDay), by token name.",
            new MetricOptions { LabelNames = ["token"], KnownLabelSets = [.. names.Select(n => new[] { n })] });
        var used = registry.CreateGauge(
            "quota_used_events", "Events each token with a daily event quota stored in the current UTC day, by token name (0 for tokens without one).", "token");
        var limit = registry.CreateGauge(
            "quota_limit_events", "Each token's daily event quota (Limits:EventsPerDay or its own EventsPerDay); 0 when it has none.", "token");
        registry.AddCollectCallback(() =>
        {
            foreach (var name in names)
            {
                used.WithLabels(name).Set(_quotas.Used(name));
                limit.WithLabels(name).Set(_quotas.Limit(name));
            }
        });
    }

    /// <summary>
    /// Admits <paramref name="count"/> events of the request; null with the refusal written when they may not be
    /// stored. Dispose the ticket once the request's events are stored (or not), so the quota keeps only stored ones.
    /// </summary>
    public async Task<EventTicket?> AdmitAsync(HttpContext context, int count)
    {
        ArgumentNullException.ThrowIfNull(context);
        var token = context.User.Identity is { IsAuthenticated: true, Name: { } name } ? name : null;
        var key = token is null ? "address:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown") : "token:" + token;
        var label = token ?? RequestRateLimits.Anonymous;
        var (rate, burst) = RateOf(key);
        if (rate > 0 && count > burst)
        {
            _rateLimited.WithLabels(label).Inc(count);
            await Problem.WriteAsync(
                context, StatusCodes.Status413PayloadTooLarge, "More events than the caller's burst",
                $"The request carries {count} events, more than the caller ({label}) may ever send at once ({burst}, Limits:EventsBurst, or twice the "
                + $"events per second {rate}); nothing was stored. Split it into requests of at most {burst} events.",
                new { limit = "events_burst", events_burst = burst, events_per_second = rate, request_events = count });
            return null;
        }

        var quota = token is not null && _quotas.Enabled;
        if (!quota && rate <= 0)
        {
            return EventTicket.Unlimited;
        }

        var day = quota ? _quotas.Day : default;
        if (quota && _quotas.TryReserve(token!, count) is { } refusal)
        {
            _quotaRefused.WithLabels(token!).Inc();
            context.Response.Headers.RetryAfter = refusal.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            await Problem.WriteAsync(
                context, StatusCodes.Status429TooManyRequests, "Daily event quota reached",
                $"The token {token} has stored {refusal.Used} of its {refusal.Limit} events for today (UTC; Limits:EventsPerDay, or the token's EventsPerDay); "
                + $"this request's {count} events would pass it, so none was stored. The quota starts again at midnight UTC, in {refusal.RetryAfterSeconds} s.",
                new { limit = "events_per_day", events_per_day = refusal.Limit, used_events = refusal.Used, request_events = count, retry_after_seconds = refusal.RetryAfterSeconds });
            return null;
        }

        var ticket = quota ? new EventTicket(_quotas, token, day, count) : EventTicket.Unlimited;
        if (rate <= 0)
        {
            return ticket;
        }

        using var lease = _buckets.AttemptAcquire(key, count);
        if (lease.IsAcquired)
        {
            return ticket;
        }

        await ticket.DisposeAsync();
        _rateLimited.WithLabels(label).Inc(count);
        var after = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 1;
        context.Response.Headers.RetryAfter = after.ToString(CultureInfo.InvariantCulture);
        await Problem.WriteAsync(
            context, StatusCodes.Status429TooManyRequests, "Too many events",
            $"The caller ({label}) is over its {rate} events per second (Limits:EventsPerSecond, or the token's EventsPerSecond); this request's {count} events "
            + $"were not stored. Retry after {after} s.",
            new { limit = "events_per_second", events_per_second = rate, events_burst = burst, request_events = count, retry_after_seconds = after });
        return null;
    }

    /// <summary>Started with the host so its series are exposed (at 0) from the first scrape and the quota file is read at start.</summary>
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _buckets.Dispose();

    // The caller's events per second and burst: its token's own rate, else the default; the burst twice the rate unless set.
    private (int Rate, int Burst) RateOf(string key)
    {
        var rate = key.StartsWith("token:", StringComparison.Ordinal) && _tokens.Named(key[6..])?.EventsPerSecond is { } own ? own : _fallbackRate;
        return (rate, _burst > 0 ? _burst : 2 * rate);
    }
}
