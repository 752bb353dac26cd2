using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Observability.Metrics;
using Observability.Sidecar.Endpoints;

namespace Observability.Sidecar.Security;

/// <summary>
/// Token buckets on requests per second, one per token (its own rate or <c>Limits:RequestsPerSecond</c>) and one per
/// remote address for callers without a token; over the bucket, 429 with <c>Retry-After</c>. Probes and /metrics are
/// exempt (their endpoints carry <see cref="DisableRateLimitingAttribute"/>). Counted per token name.
/// </summary>
internal static class RequestRateLimits
{
    /// <summary>The label value for callers without a token.</summary>
    public const string Anonymous = "anonymous";

    public static IServiceCollection AddSidecarRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LimitOptions>().Bind(configuration.GetSection(LimitOptions.Section))
            .Validate(o => o.RequestsPerSecond >= 0 && o.Burst >= 0, "Limits:RequestsPerSecond and Limits:Burst must not be negative.")
            .Validate(o => o.EventsPerSecond >= 0 && o.EventsBurst >= 0 && o.EventsPerDay >= 0, "Limits:EventsPerSecond, Limits:EventsBurst and Limits:EventsPerDay must not be negative (0 is unlimited).")
            .ValidateOnStart();
        services.AddSingleton(provider =>
        {
            var names = provider.GetRequiredService<TokenStore>().Names.Concat(provider.GetRequiredService<CertificateIdentities>().Names);
            return new RateLimitMetrics(provider.GetRequiredService<MetricRegistry>().CreateCounter(
                "rate_limited_requests_total",
                "Requests answered 429 because their caller was over its request rate, by token name (anonymous: callers without a token).",
                new MetricOptions { LabelNames = ["token"], KnownLabelSets = [.. names.Append(Anonymous).Select(n => new[] { n })] }));
        });
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<LimitOptions>, TokenStore, IServiceProvider>((options, limits, tokens, provider) =>
        {
            var fallback = limits.Value;
            var certificates = provider.GetRequiredService<CertificateIdentities>();
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                var name = context.User.Identity is { IsAuthenticated: true, Name: { } token } ? token : null;
                var rate = (name is null ? null : tokens.Named(name)?.RequestsPerSecond ?? certificates.Named(name)?.RequestsPerSecond) ?? fallback.RequestsPerSecond;
                var key = name is null ? "address:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown") : "token:" + name;
                return rate <= 0
                    ? RateLimitPartition.GetNoLimiter(key)
                    : RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
                    {
                        TokenLimit = fallback.Burst > 0 ? fallback.Burst : 2 * rate,
                        TokensPerPeriod = rate,
                        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                        QueueLimit = 0,
                        AutoReplenishment = true,
                    });
            });
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = async (rejected, cancellationToken) =>
            {
                var context = rejected.HttpContext;
                var name = context.User.Identity is { IsAuthenticated: true, Name: { } token } ? token : Anonymous;
                provider.GetRequiredService<RateLimitMetrics>().Limited.WithLabels(name).Inc();
                var after = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 1;
                context.Response.Headers.RetryAfter = after.ToString(CultureInfo.InvariantCulture);
                await Problem.WriteAsync(
                    context, StatusCodes.Status429TooManyRequests, "Too many requests",
                    $"The caller ({name}) is over its request rate; retry after {after} s (Limits:RequestsPerSecond, or the token's RequestsPerSecond).",
                    new { retry_after_seconds = after });
            };
        });
        return services;
    }
}

/// <summary><c>agentobs_rate_limited_requests_total{token}</c>.</summary>
internal sealed record RateLimitMetrics(CounterFamily Limited);
