using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Observability.Metrics;
using Observability.Sidecar.Tests.Support;
using Observability.Sidecar.Webhooks;
using EventLogFile = Observability.EventLog.EventLog;

namespace Observability.Sidecar.Tests.Webhooks;

/// <summary>
/// The delivery loop over a real event log and a real HTTP receiver on 127.0.0.1, with the clock in the test's hands
/// (FakeTimeProvider): each <see cref="ReceiverLoop.StepAsync"/> is one turn, and no delay passes unless the test
/// advances the clock. The schedule's jitter draws 0, so a delay is half its ceiling: 0.5 s, 1 s, 2 s, 4 s, 4 s...
/// </summary>
public sealed class ReceiverLoopTests
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task Step_ReceiverFailsThenRecovers_SameCrossingRetriedAfterBackoffPositionMovesOnlyOn2xx()
    {
        await using var h = await Harness.StartAsync([HttpStatusCode.InternalServerError, HttpStatusCode.ServiceUnavailable]);
        await h.AppendOtherAsync("e-0");
        var a = await h.AppendCrossingAsync("m-1");
        await h.AppendOtherAsync("e-2");
        var b = await h.AppendCrossingAsync("m-3");
        var loop = h.NewLoop(TimeSpan.FromHours(72));
        loop.Start(h.Crossings, newReceiverStart: 0);
        var t0 = h.Time.GetUtcNow();

        Assert.Equal(TimeSpan.Zero, await h.StepAsync(loop));
        Assert.Equal([500], h.Hook.Requests.Select(r => r.AnsweredWith));
        Assert.Equal(new DeliveryPosition(0, t0, t0), h.Store.Load());
        Assert.Equal(2, h.Gauge("webhook_pending_crossings"));

        // Not due yet: no request, and the loop asks to be woken when it is.
        Assert.Equal(TimeSpan.FromSeconds(0.5), await h.StepAsync(loop));
        Assert.Single(h.Hook.Requests);

        h.Time.Advance(TimeSpan.FromSeconds(0.5));
        Assert.Equal(TimeSpan.Zero, await h.StepAsync(loop));
        Assert.Equal(TimeSpan.FromSeconds(1), await h.StepAsync(loop));
        Assert.Equal(0.5, h.Gauge("webhook_oldest_pending_age_seconds"), 6);
        h.Time.Advance(TimeSpan.FromSeconds(1));
        await h.StepAsync(loop);
        Assert.Equal(new DeliveryPosition(a + 1, null, t0), h.Store.Load());
        await h.StepAsync(loop);
        Assert.Equal(Poll, await h.StepAsync(loop));

        Assert.Equal(new DeliveryPosition(b + 1), h.Store.Load());
        Assert.Equal([500, 503, 200, 200], h.Hook.Requests.Select(r => r.AnsweredWith));
        Assert.Equal(["crossing:trust:_global:m-1", "crossing:trust:_global:m-1", "crossing:trust:_global:m-1", "crossing:trust:_global:m-3"], h.Hook.Requests.Select(EventId));
        Assert.Single(h.Hook.Requests.Take(3).Select(r => r.Header("webhook-id")).Distinct());
        Assert.All(h.Hook.Requests, r => Assert.Equal(r.Header("webhook-id"), r.Header("Idempotency-Key")));
        Assert.Equal(2, h.Counter("webhook_attempts_total", "0", "failure"));
        Assert.Equal(2, h.Counter("webhook_attempts_total", "0", "success"));
        Assert.Equal(2, h.Counter("webhook_deliveries_total", "0", "delivered"));
        Assert.Equal(0, h.Counter("webhook_deliveries_total", "0", "dead_lettered"));
        Assert.Equal(0, h.Gauge("webhook_pending_crossings"));
        Assert.Equal(0, h.Gauge("webhook_oldest_pending_age_seconds"));
    }

    [Fact]
    public async Task Step_ReceiverFailingForTheWholeRetrySpan_DeadLettersAndMovesOnUntilA2xx()
    {
        await using var h = await Harness.StartAsync([]);
        h.Hook.Answer = HttpStatusCode.InternalServerError;
        var a = await h.AppendCrossingAsync("m-1");
        var b = await h.AppendCrossingAsync("m-2");
        var loop = h.NewLoop(TimeSpan.FromHours(1));
        loop.Start(h.Crossings, newReceiverStart: 0);
        var t0 = h.Time.GetUtcNow();

        await h.StepAsync(loop);
        h.Time.Advance(TimeSpan.FromMinutes(59));
        await h.StepAsync(loop);
        Assert.Equal(new DeliveryPosition(a, t0, t0), h.Store.Load());
        Assert.Equal(0, h.Counter("webhook_deliveries_total", "0", "dead_lettered"));

        // An hour of failures: the crossing failing now is given up, and the next one, failing too, at once.
        h.Time.Advance(TimeSpan.FromMinutes(1));
        await h.StepAsync(loop);
        Assert.Equal(new DeliveryPosition(a + 1, t0, t0), h.Store.Load());
        await h.StepAsync(loop);
        Assert.Equal(new DeliveryPosition(b + 1, t0), h.Store.Load());
        Assert.Equal(2, h.Counter("webhook_deliveries_total", "0", "dead_lettered"));
        Assert.Equal(4, h.Counter("webhook_attempts_total", "0", "failure"));
        Assert.Contains(h.Logs, l => l.Level == LogLevel.Error && l.Message.Contains("crossing:trust:_global:m-2 at log sequence 1 is dead-lettered after HTTP 500", StringComparison.Ordinal));

        // The receiver is back: the next crossing is delivered and the run of failures is over.
        h.Hook.Answer = HttpStatusCode.NoContent;
        var c = await h.AppendCrossingAsync("m-3");
        await h.StepAsync(loop);
        Assert.Equal(new DeliveryPosition(c + 1), h.Store.Load());
        Assert.Equal(1, h.Counter("webhook_deliveries_total", "0", "delivered"));
        Assert.Equal(["m-1", "m-1", "m-1", "m-2", "m-3"], h.Hook.Requests.Select(r => EventId(r).Split(':')[^1]));
    }

    [Fact]
    public async Task Start_AfterARestart_ResumesAtThePositionKeepingTheFailureSpanAndTheAge()
    {
        await using var h = await Harness.StartAsync([]);
        h.Hook.Answer = HttpStatusCode.BadGateway;
        var a = await h.AppendCrossingAsync("m-1");
        await h.AppendCrossingAsync("m-2");
        var first = h.NewLoop(TimeSpan.FromHours(1));
        first.Start(h.Crossings, newReceiverStart: 0);
        await h.StepAsync(first);

        // A new process: a new loop over the same position file (its start for a new receiver does not apply).
        h.Time.Advance(TimeSpan.FromSeconds(10));
        var second = h.NewLoop(TimeSpan.FromHours(1));
        second.Start(h.Crossings, newReceiverStart: 999);
        await h.StepAsync(second);
        Assert.Equal(2, second.Pending);

        Assert.Equal(["m-1", "m-1"], h.Hook.Requests.Select(r => EventId(r).Split(':')[^1]));
        Assert.Equal(10, h.Gauge("webhook_oldest_pending_age_seconds"), 6);

        // The hour counts from the first failure, before the restart.
        h.Time.Advance(TimeSpan.FromMinutes(59).Add(TimeSpan.FromSeconds(50)));
        await h.StepAsync(second);
        Assert.Equal(a + 1, h.Store.Load()!.Next);
        Assert.Equal(1, h.Counter("webhook_deliveries_total", "0", "dead_lettered"));
    }

    [Fact]
    public async Task Start_NewReceiver_GetsOnlyTheCrossingsStoredAfterReplayEnded()
    {
        await using var h = await Harness.StartAsync([]);
        await h.AppendCrossingAsync("m-1");
        await h.AppendCrossingAsync("m-2");
        var loop = h.NewLoop(TimeSpan.FromHours(72));

        loop.Start(h.Crossings, newReceiverStart: 2);
        Assert.Equal(new DeliveryPosition(2), h.Store.Load());
        var c = await h.AppendCrossingAsync("m-3");
        await h.StepAsync(loop);
        await h.StepAsync(loop);

        Assert.Equal(["crossing:trust:_global:m-3"], h.Hook.Requests.Select(EventId));
        Assert.Equal(new DeliveryPosition(c + 1), h.Store.Load());
    }

    [Fact]
    public async Task Step_CrossingsAmongOtherRecords_DeliversEveryCrossingAndNothingElseWithItsStoredFields()
    {
        await using var h = await Harness.StartAsync([]);
        await h.AppendOtherAsync("e-0", note: "threshold:crossed is only text here");
        await h.AppendAsync("""{"id":"x-1","timestamp":"2026-01-02T03:04:05Z","eventType":"threshold\u003acrossed","entityType":"threshold","entityId":"scope:p.q","metadata":{"threshold":"scope","direction":"tightened","project":"p.q","value":0.125,"n":100,"window":100,"mergeEventId":"m-9"}}""");
        await h.AppendAsync("not json, but mentions threshold:crossed");
        await h.AppendCrossingAsync("m-10");
        var loop = h.NewLoop(TimeSpan.FromHours(72));
        loop.Start(h.Crossings, newReceiverStart: 0);

        for (var i = 0; i < 4; i++)
        {
            await h.StepAsync(loop);
        }

        Assert.Equal(["x-1", "crossing:trust:_global:m-10"], h.Hook.Requests.Select(EventId));
        var body = JsonDocument.Parse(h.Hook.Requests[0].Body).RootElement;
        Assert.Equal(
            """{"event_id":"x-1","event_type":"threshold:crossed","timestamp":"2026-01-02T03:04:05.000Z","threshold":"scope","direction":"tightened","project":"p.q","value":0.125,"n":100,"window":100,"merge_event_id":"m-9"}""",
            h.Hook.Requests[0].Body);
        Assert.Equal("application/json", h.Hook.Requests[0].ContentType);
        Assert.Equal(h.Time.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), h.Hook.Requests[0].Header("webhook-timestamp"));
        Assert.Null(h.Hook.Requests[0].Header("webhook-signature"));
        Assert.Equal(0.125, body.GetProperty("value").GetDouble());
        Assert.Equal(new DeliveryPosition(4), h.Store.Load());
    }

    [Fact]
    public async Task Step_ReceiverSendsRetryAfter_WaitsThatLongInsteadOfTheBackoff()
    {
        await using var h = await Harness.StartAsync([HttpStatusCode.TooManyRequests]);
        h.Hook.RetryAfterSeconds = 3;
        await h.AppendCrossingAsync("m-1");
        var loop = h.NewLoop(TimeSpan.FromHours(72));
        loop.Start(h.Crossings, newReceiverStart: 0);

        await h.StepAsync(loop);
        h.Time.Advance(TimeSpan.FromSeconds(2.9));
        await h.StepAsync(loop);
        Assert.Equal([429], h.Hook.Requests.Select(r => r.AnsweredWith));
        h.Time.Advance(TimeSpan.FromSeconds(0.1));
        await h.StepAsync(loop);

        Assert.Equal([429, 200], h.Hook.Requests.Select(r => r.AnsweredWith));
    }

    [Fact]
    public async Task Start_PositionFileDamaged_DeliversFromTheStartOfTheLog()
    {
        await using var h = await Harness.StartAsync([]);
        await h.AppendCrossingAsync("m-1");
        var b = await h.AppendCrossingAsync("m-2");
        Directory.CreateDirectory(Path.GetDirectoryName(h.Store.Path)!);
        await File.WriteAllTextAsync(h.Store.Path, "{\"next\":");
        var loop = h.NewLoop(TimeSpan.FromHours(72));

        loop.Start(h.Crossings, newReceiverStart: 2);
        await h.StepAsync(loop);
        await h.StepAsync(loop);

        Assert.Equal(["crossing:trust:_global:m-1", "crossing:trust:_global:m-2"], h.Hook.Requests.Select(EventId));
        Assert.Equal(new DeliveryPosition(b + 1), h.Store.Load());
        Assert.Contains(h.Logs, l => l.Level == LogLevel.Warning && l.Message.Contains("cannot be read", StringComparison.Ordinal));
    }

    private static string EventId(WebhookRequest request) =>
        JsonDocument.Parse(request.Body).RootElement.GetProperty("event_id").GetString()!;

    private sealed record LogLine(LogLevel Level, string Message);

    private sealed class ListLogger(List<LogLine> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (lines)
            {
                lines.Add(new LogLine(logLevel, formatter(state, exception)));
            }
        }
    }

    private sealed class Harness : IAsyncDisposable
    {
        private readonly TempDirectory _directory;
        private readonly EventLogFile _log;
        private readonly MetricRegistry _registry = new();
        private readonly WebhookMetrics _metrics;
        private readonly WebhookSender _sender;
        private readonly List<LogLine> _logs = [];

        private Harness(TempDirectory directory, EventLogFile log, WebhookReceiver hook)
        {
            _directory = directory;
            _log = log;
            Hook = hook;
            _metrics = new WebhookMetrics(_registry, receivers: 1);
            _sender = new WebhookSender(key: null, TimeSpan.FromSeconds(30), Time);
            Store = new DeliveryPositionStore(directory.Combine("webhooks"), new Uri(hook.Url));
        }

        public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 5, 1, 8, 0, 0, TimeSpan.Zero));

        public WebhookReceiver Hook { get; }

        public DeliveryPositionStore Store { get; }

        public string LogDirectory => _log.Directory;

        /// <summary>The log's stored crossings, read from its files as a receiver far behind the host reads them.</summary>
        public ICrossingSource Crossings => new CrossingLog(_log.Directory);

        public IReadOnlyList<LogLine> Logs
        {
            get
            {
                lock (_logs)
                {
                    return [.. _logs];
                }
            }
        }

        public static Task<Harness> StartAsync(IEnumerable<HttpStatusCode> firstStatuses)
        {
            var directory = new TempDirectory("receiver-loop");
            var log = EventLogFile.Open(new Observability.EventLog.EventLogOptions { Directory = directory.Combine("events"), PreallocationBytes = 0 });
            return Task.FromResult(new Harness(directory, log, new WebhookReceiver(firstStatuses)));
        }

        public ReceiverLoop NewLoop(TimeSpan maxRetry) => new(
            "0", new Uri(Hook.Url), Store, _sender,
            new RetrySchedule(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(8), maxRetry, () => 0),
            _metrics, Time, Poll, new ListLogger(_logs));

        public Task<TimeSpan> StepAsync(ReceiverLoop loop) => loop.StepAsync(_log.Status.NextSequence, CancellationToken.None);

        public async Task<long> AppendAsync(string json) => await _log.AppendAsync(Encoding.UTF8.GetBytes(json));

        public Task<long> AppendCrossingAsync(string mergeId) => AppendAsync(
            $$$"""{"id":"crossing:trust:_global:{{{mergeId}}}","timestamp":"2026-01-01T00:00:00.000Z","eventType":"threshold:crossed","entityType":"threshold","entityId":"trust:_global","metadata":{"threshold":"trust","direction":"lost","project":"_global","value":0.68,"n":50,"window":50,"mergeEventId":"{{{mergeId}}}"}}""");

        public Task<long> AppendOtherAsync(string id, string note = "") => AppendAsync(
            $$$"""{"id":"{{{id}}}","timestamp":"2026-01-01T00:00:00Z","eventType":"workitem:merged","entityId":"wi-{{{id}}}","metadata":{"attempts":1,"note":"{{{note}}}"}}""");

        public double Counter(string name, params string[] labels) =>
            _registry.Families.OfType<CounterFamily>().Single(f => f.Name == name).WithLabels(labels).Value;

        public double Gauge(string name) =>
            _registry.Families.OfType<GaugeFamily>().Single(f => f.Name == name).WithLabels("0").Value;

        public async ValueTask DisposeAsync()
        {
            _sender.Dispose();
            Hook.Dispose();
            await _log.DisposeAsync();
            _directory.Dispose();
        }
    }
}
