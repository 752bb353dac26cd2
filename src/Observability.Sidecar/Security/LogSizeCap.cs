using Microsoft.Extensions.Options;
using Observability.EventLog.Archive;
using Observability.Metrics;
using Observability.Sidecar.Hosting;

namespace Observability.Sidecar.Security;

/// <summary>
/// <c>Sidecar:MaxLogBytes</c>: whether a write would take the live event log's size on disk (measured as retention by
/// size measures it) past the cap, so the write endpoints refuse it with 507 before the disk fills.
/// </summary>
/// <remarks>
/// The size is measured at most every <see cref="MeasureEvery"/> (a directory listing per write would cost the busiest
/// path); between measures the bytes let through are added, so the estimate errs high and a burst cannot slip past.
/// </remarks>
internal sealed class LogSizeCap : IHostedService
{
    private static readonly TimeSpan MeasureEvery = TimeSpan.FromMilliseconds(250);

    private readonly long _cap;
    private readonly string _eventsDirectory;
    private readonly TimeProvider _time;
    private readonly ILogger<LogSizeCap> _logger;
    private readonly Counter _refused;
    private readonly long? _retentionBytes;
    private readonly Lock _gate = new();
    private long _measured;
    private long _addedSince;
    private long _measuredAt;
    private bool _hasMeasure;
    private bool _refusing;

    public LogSizeCap(
        IOptions<SidecarOptions> options, IOptions<Compaction.RetentionOptions> retention, MetricRegistry registry, TimeProvider time, ILogger<LogSizeCap> logger)
    {
        _retentionBytes = retention.Value.MaxBytes;
        _cap = options.Value.MaxLogBytes;
        _eventsDirectory = Path.Combine(options.Value.DataDirectory, "events");
        _time = time;
        _logger = logger;
        _refused = registry.CreateCounter(
            "log_size_refused_requests_total",
            "Write requests answered 507 because the live event log's size on disk would pass Sidecar:MaxLogBytes.").Unlabelled;
    }

    /// <summary>Started with the host so the counter is exposed (at 0) from the first scrape, and a cap retention cannot
    /// keep the log under is said at start.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (_cap > 0 && (_retentionBytes is null || _retentionBytes >= _cap))
        {
            Log.LogSizeCapWithoutRetention(_logger, _cap, _retentionBytes?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "not set");
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The cap in bytes; 0 when off.</summary>
    public long Cap => _cap;

    /// <summary>
    /// The log's size when storing <paramref name="incomingBytes"/> more would pass the cap (the write is refused and
    /// counted); null when it fits or the cap is off (then the bytes are reckoned as written).
    /// </summary>
    public long? Refuses(long incomingBytes)
    {
        if (_cap <= 0)
        {
            return null;
        }

        long size;
        bool refuse, changed;
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            if (!_hasMeasure || _time.GetElapsedTime(_measuredAt, now) >= MeasureEvery)
            {
                _measured = EventLogArchive.LiveBytes(_eventsDirectory);
                _addedSince = 0;
                _measuredAt = now;
                _hasMeasure = true;
            }

            size = _measured + _addedSince;
            refuse = size + incomingBytes > _cap;
            if (!refuse)
            {
                _addedSince += incomingBytes;
            }

            changed = refuse != _refusing;
            _refusing = refuse;
        }

        if (changed)
        {
            if (refuse)
            {
                Log.LogSizeCapReached(_logger, size, _cap);
            }
            else
            {
                Log.LogSizeCapCleared(_logger, size, _cap);
            }
        }

        if (!refuse)
        {
            return null;
        }

        _refused.Inc();
        return size;
    }
}
