using Observability.Sidecar.Hosting;

namespace Observability.Sidecar.Webhooks;

/// <summary>
/// Delivers the log's crossings to one receiver, at least once, in log order, one at a time: the crossing after the
/// receiver's durable position is POSTed until it is answered 2xx, and only then does the position move past it.
/// A failure waits for the <see cref="RetrySchedule"/> and tries the same crossing again; the later ones wait behind
/// it. Once the receiver has failed for the whole retry span, the crossing it fails on is dead-lettered (counted,
/// logged at error, the position moves on), and so is each next one that fails, until a 2xx ends the run of failures.
/// </summary>
/// <remarks>
/// Two scanners read the stored crossings: one counts them up to the host's position (the pending gauge, and when
/// each was first seen for the age gauge), the other reads the crossings to deliver, never past the first. Memory is
/// bounded: the reader holds at most one chunk of crossings, the counter at most <see cref="MaxTracked"/> first-seen
/// times (beyond that the age is taken from the last one tracked, an overestimate).
/// </remarks>
internal sealed partial class ReceiverLoop
{
    private const int ReadChunkCrossings = 64;
    private const int CountChunkCrossings = 4096;
    private const int MaxTracked = 10_000;

    // An idle receiver's position is also moved past records without crossings, now and then, so a restart does not
    // scan them again.
    private const long IdleSaveRecords = 100_000;

    private readonly Uri _url;
    private readonly DeliveryPositionStore _store;
    private readonly WebhookSender _sender;
    private readonly RetrySchedule _schedule;
    private readonly WebhookMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly TimeSpan _poll;
    private readonly ILogger _logger;
    private readonly Queue<PendingCrossing> _buffer = new();
    private readonly Queue<(long Sequence, DateTimeOffset SeenAt)> _seen = new();
    private readonly Action<PendingCrossing> _buffered;
    private readonly Action<PendingCrossing> _counted;

    private CrossingScanner? _counter;
    private CrossingScanner? _reader;
    private DeliveryPosition _saved = new(0);
    private DateTimeOffset? _restoredHeadSince;
    private DateTimeOffset _lastSeenAt;
    private DateTimeOffset? _failingSince;
    private DateTimeOffset _nextAttempt = DateTimeOffset.MinValue;
    private long _countedTotal;
    private long _passedTotal;
    private int _failures;

    public ReceiverLoop(
        string receiver, Uri url, DeliveryPositionStore store, WebhookSender sender, RetrySchedule schedule, WebhookMetrics metrics,
        TimeProvider time, TimeSpan poll, ILogger logger)
    {
        Receiver = receiver;
        _url = url;
        _store = store;
        _sender = sender;
        _schedule = schedule;
        _metrics = metrics;
        _time = time;
        _poll = poll;
        _logger = logger;
        _buffered = _buffer.Enqueue;
        _counted = Count;
    }

    /// <summary>The receiver's label.</summary>
    public string Receiver { get; }

    /// <summary>Crossings after the position: counted, not yet delivered or dead-lettered.</summary>
    public long Pending => _countedTotal - _passedTotal;

    /// <summary>The position as last saved.</summary>
    public DeliveryPosition Saved => _saved;

    /// <summary>Delivers until cancelled.</summary>
    /// <param name="crossings">Where the stored crossings are read.</param>
    /// <param name="newReceiverStart">Where a receiver without a position starts: the log's end before any live append.</param>
    /// <param name="logEnd">How far the crossings are known: the projection host's position.</param>
    /// <param name="cancellationToken">Stops the loop; an attempt in flight is abandoned and made again after a restart.</param>
    public async Task RunAsync(ICrossingSource crossings, long newReceiverStart, Func<long> logEnd, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(logEnd);
        Start(crossings, newReceiverStart);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var wait = await StepAsync(logEnd(), cancellationToken).ConfigureAwait(false);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping: what is pending stays after the saved position.
        }

        SaveIdleProgress(force: true);
    }

    /// <summary>Loads the position, or starts a new receiver at <paramref name="newReceiverStart"/>.</summary>
    internal void Start(ICrossingSource crossings, long newReceiverStart)
    {
        DeliveryPosition? loaded;
        try
        {
            loaded = _store.Load();
        }
        catch (InvalidDataException e)
        {
            // Written atomically, so only damage or a hand edit gets here: at least once means from the start.
            Log.WebhookPositionUnreadable(_logger, _store.Path, Receiver, e.Message);
            loaded = new DeliveryPosition(0);
            Save(loaded);
        }

        var url = _url.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);
        if (loaded is null)
        {
            // A new receiver gets what is stored from now on, as a new Stripe endpoint gets the events created after it.
            loaded = new DeliveryPosition(newReceiverStart);
            Log.WebhookPositionCreated(_logger, Receiver, url, newReceiverStart);
            Save(loaded);
        }
        else
        {
            Log.WebhookResumed(_logger, Receiver, url, loaded.Next);
        }

        _saved = loaded;
        _failingSince = loaded.FailingSince;
        _restoredHeadSince = loaded.HeadSince;
        _counter = new CrossingScanner(crossings, loaded.Next);
        _reader = new CrossingScanner(crossings, loaded.Next);
        Publish();
    }

    /// <summary>One turn: count, then attempt the head crossing if it is due.</summary>
    /// <returns>How long to wait before the next turn.</returns>
    internal async Task<TimeSpan> StepAsync(long logEnd, CancellationToken cancellationToken)
    {
        if (!TryRead(logEnd, out var head))
        {
            return _poll;
        }

        if (head is null)
        {
            SaveIdleProgress(force: false);
            Publish();
            return _poll;
        }

        var now = _time.GetUtcNow();
        if (now < _nextAttempt)
        {
            Publish();
            var remaining = _nextAttempt - now;
            return remaining < _poll ? remaining : _poll;
        }

        var result = await _sender.SendAsync(_url, head, cancellationToken).ConfigureAwait(false);
        Attempted(head, result);
        Publish();
        return TimeSpan.Zero;
    }
}
