using System.Net;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Observability.Analytics.Windows;
using Observability.Metrics;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace Observability.Sidecar.Hosting;

/// <summary>
/// POSTs each newly stored threshold crossing to the configured webhooks, off the ingestion path: crossings go into a
/// bounded queue and one loop delivers them, each URL behind its own Polly pipeline (retry with exponential backoff,
/// circuit breaker, per-attempt timeout). Outcomes are counted in <c>webhook_deliveries_total{outcome}</c>.
/// </summary>
internal sealed class WebhookNotifier : BackgroundService
{
    public const string Delivered = "delivered";
    public const string Failed = "failed";
    public const string RejectedByCircuit = "rejected_by_circuit";

    private readonly Channel<ThresholdCrossing> _queue;
    private readonly (Uri Url, ResiliencePipeline<HttpResponseMessage> Pipeline)[] _targets;
    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    private readonly CounterFamily _deliveries;
    private readonly ILogger<WebhookNotifier> _logger;
    private readonly ComponentState _health;
    private readonly TimeProvider _time;

    public WebhookNotifier(SidecarState state, ServiceStates services, IOptions<WebhookOptions> options, TimeProvider time, ILogger<WebhookNotifier> logger)
    {
        var settings = options.Value;
        _logger = logger;
        _health = services.Webhooks;
        _time = time;
        _queue = Channel.CreateBounded<ThresholdCrossing>(new BoundedChannelOptions(settings.QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.DropWrite,
            SingleReader = true,
        });
        _targets = [.. settings.Urls.Select(url => (new Uri(url, UriKind.Absolute), BuildPipeline(settings, time)))];
        _deliveries = state.Registry.CreateCounter(
            "webhook_deliveries_total",
            "Threshold-crossing webhook deliveries by outcome (delivered, failed after retries, rejected_by_circuit while the circuit was open).",
            new MetricOptions { LabelNames = ["outcome"], KnownLabelSets = [[Delivered], [Failed], [RejectedByCircuit]] });
    }

    /// <summary>Queues a crossing for every URL; never blocks. A full queue counts it as failed for each URL.</summary>
    public void Enqueue(ThresholdCrossing crossing)
    {
        if (_targets.Length == 0)
        {
            return;
        }

        if (!_queue.Writer.TryWrite(crossing))
        {
            Log.WebhookQueueFull(_logger, crossing.EventId);
            _deliveries.WithLabels(Failed).Inc(_targets.Length);
            _health.Set(ServiceStates.Degraded, $"the delivery queue was full at {_time.GetUtcNow():O}; crossing {crossing.EventId} was not delivered");
        }
    }

    public override void Dispose()
    {
        _http.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var crossing in _queue.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                var body = crossing.ToWebhookJson();
                foreach (var (url, pipeline) in _targets)
                {
                    var outcome = await DeliverAsync(url, pipeline, body, crossing.EventId, stoppingToken).ConfigureAwait(false);
                    _deliveries.WithLabels(outcome).Inc();
                    _health.Set(
                        outcome == Delivered ? ServiceStates.Up : ServiceStates.Degraded,
                        outcome == Delivered ? null : $"the last delivery to {url} ({crossing.EventId}, {_time.GetUtcNow():O}): {outcome}");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down; undelivered crossings stay in the log.
        }
    }

    private async Task<string> DeliverAsync(Uri url, ResiliencePipeline<HttpResponseMessage> pipeline, byte[] body, string eventId, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await pipeline.ExecuteAsync(
                async token =>
                {
                    using var content = new ByteArrayContent(body);
                    content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
                    return await _http.PostAsync(url, content, token).ConfigureAwait(false);
                },
                cancellationToken).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                return Delivered;
            }

            Log.WebhookFailed(_logger, url.ToString(), eventId, $"HTTP {(int)response.StatusCode}", null);
            return Failed;
        }
        catch (BrokenCircuitException e)
        {
            Log.WebhookFailed(_logger, url.ToString(), eventId, RejectedByCircuit, e);
            return RejectedByCircuit;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // HttpRequestException, TimeoutRejectedException, or anything else a receiver can provoke: never fatal.
            Log.WebhookFailed(_logger, url.ToString(), eventId, Failed, e);
            return Failed;
        }
    }

    private static ResiliencePipeline<HttpResponseMessage> BuildPipeline(WebhookOptions settings, TimeProvider time)
    {
        var transient = new PredicateBuilder<HttpResponseMessage>()
            .Handle<HttpRequestException>()
            .Handle<TimeoutRejectedException>()
            .HandleResult(r => (int)r.StatusCode >= 500 || r.StatusCode == HttpStatusCode.TooManyRequests);
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time };
        if (settings.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                ShouldHandle = transient,
                MaxRetryAttempts = settings.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                Delay = TimeSpan.FromSeconds(settings.BaseDelaySeconds),
                UseJitter = true,
            });
        }

        // The breaker sits inside the retry: it sees every attempt, and once open the retry gives up at once.
        return builder
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<HttpResponseMessage>
            {
                ShouldHandle = transient,
                FailureRatio = 0.5,
                MinimumThroughput = 5,
                SamplingDuration = TimeSpan.FromSeconds(60),
                BreakDuration = TimeSpan.FromSeconds(settings.BreakSeconds),
            })
            .AddTimeout(TimeSpan.FromSeconds(settings.TimeoutSeconds))
            .Build();
    }
}
