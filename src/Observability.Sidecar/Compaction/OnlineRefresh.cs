using System.Diagnostics;
using Microsoft.Extensions.Options;
using Observability.Metrics;
using Observability.Projections;
using Observability.Sidecar.Hosting;

namespace Observability.Sidecar.Compaction;

/// <summary>
/// ADR-009's <c>metrics:refresh</c> while the sidecar runs (<c>POST /api/v1/admin/refresh</c>): a second projection host
/// built from the sidecar's own settings folds the archives and the log without any lock, while the writer keeps
/// appending and the views keep answering; then, with scrapes held off and under the projection host's lock, it reads on
/// to the live position and every projection takes its state (<see cref="ProjectionHost.Refresh"/>), the metric families'
/// series replaced, the self-metrics untouched. Reads wait only for that swap, and never see a half-folded view.
/// </summary>
internal sealed class OnlineRefresh
{
    private readonly IConfiguration _configuration;
    private readonly SidecarOptions _options;
    private readonly ProjectionHost _host;
    private readonly MetricRegistry _registry;
    private readonly MaintenanceLock _one;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ILogger<OnlineRefresh> _logger;
    private readonly CounterFamily _runs;
    private readonly Progress _progress = new();

    public OnlineRefresh(
        IConfiguration configuration,
        IOptions<SidecarOptions> options,
        ProjectionHost host,
        MetricRegistry registry,
        MaintenanceLock one,
        IHostApplicationLifetime lifetime,
        ILogger<OnlineRefresh> logger)
    {
        _configuration = configuration;
        _options = options.Value;
        _host = host;
        _registry = registry;
        _one = one;
        _lifetime = lifetime;
        _logger = logger;
        _runs = registry.CreateCounter(
            "refreshes_total",
            "Refreshes of every derived view from the whole log run by the sidecar (POST /api/v1/admin/refresh), by outcome.",
            new MetricOptions { LabelNames = ["outcome"] });
        _runs.WithLabels("done");
        _runs.WithLabels("failed");
    }

    /// <summary>The refresh running now, or the last one: events folded of about how many, and its time so far.</summary>
    public (bool Running, long Events, long Total, double Seconds) Status => _progress.Read();

    /// <summary>Rebuilds every view from the log (archives included) and discards the state snapshot.</summary>
    /// <exception cref="ArgumentException">The sidecar's settings or mapping files changed since it started.</exception>
    public async Task<RefreshOutcome> RunAsync(CancellationToken cancellationToken)
    {
        using var one = await _one.EnterAsync(cancellationToken).ConfigureAwait(false);
        _progress.Start(_host.Applied);
        Log.RefreshStarted(_logger, _progress.Total);
        try
        {
            var outcome = await Task.Run(Run, CancellationToken.None).ConfigureAwait(false);
            _runs.WithLabels("done").Inc();
            Log.Refreshed(_logger, outcome.Events, outcome.Views.Count, outcome.Position, outcome.Seconds);
            return outcome;
        }
        catch (StateSnapshotException e)
        {
            // Half refreshed: the figures would be wrong. As for a snapshot that does not fit: stop, and let the
            // orchestrator restart the process into a full replay (the snapshot is deleted, so it replays).
            _runs.WithLabels("failed").Inc();
            File.Delete(SidecarStartup.SnapshotPath(_options));
            Log.RefreshBroken(_logger, e);
            Environment.ExitCode = 1;
            _lifetime.StopApplication();
            throw;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or InvalidOperationException or ArgumentException or BaseSnapshotException)
        {
            _runs.WithLabels("failed").Inc();
            Log.RefreshFailed(_logger, e);
            throw;
        }
        finally
        {
            _progress.Stop();
        }
    }

    private RefreshOutcome Run()
    {
        var events = Path.Combine(_options.DataDirectory, "events");
        var (rebuilt, services) = SidecarProjectionHost.CreateForRefresh(_configuration, _progress);
        try
        {
            // The long part, with no lock: the live host goes on applying what the writer appends meanwhile.
            rebuilt.ReadUntil(events, _host.Applied);
            (long Position, bool SnapshotDeleted) swapped = default;
            _registry.RunExclusive(() => swapped = _host.Refresh(rebuilt, events));
            var (folded, unreadable) = _progress.Counts;
            return new RefreshOutcome(
                swapped.SnapshotDeleted, folded, unreadable, swapped.Position, [.. _host.Projections.Select(p => p.Name)], _progress.Elapsed.TotalSeconds);
        }
        finally
        {
            rebuilt.DisposeAsync().AsTask().GetAwaiter().GetResult();
            services.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    /// <summary>The rebuilt host's replay, counted for the progress endpoint.</summary>
    private sealed class Progress : IProjectionObserver
    {
        private long _started = Stopwatch.GetTimestamp();
        private long _stopped;
        private long _events;
        private long _unreadable;
        private long _total;
        private volatile bool _running;

        public long Total => Interlocked.Read(ref _total);

        public (long Events, long Unreadable) Counts => (Interlocked.Read(ref _events), Interlocked.Read(ref _unreadable));

        public TimeSpan Elapsed => Stopwatch.GetElapsedTime(_started, _running ? Stopwatch.GetTimestamp() : Interlocked.Read(ref _stopped));

        public void Start(long total)
        {
            Interlocked.Exchange(ref _events, 0);
            Interlocked.Exchange(ref _unreadable, 0);
            Interlocked.Exchange(ref _total, total);
            Interlocked.Exchange(ref _started, Stopwatch.GetTimestamp());
            _running = true;
        }

        public void Stop()
        {
            Interlocked.Exchange(ref _stopped, Stopwatch.GetTimestamp());
            _running = false;
        }

        public (bool Running, long Events, long Total, double Seconds) Read() =>
            (_running, Interlocked.Read(ref _events) + Interlocked.Read(ref _unreadable), Total, Elapsed.TotalSeconds);

        public void OnReplayed(int events, long unreadable)
        {
            Interlocked.Add(ref _events, events);
            Interlocked.Add(ref _unreadable, unreadable);
        }

        public void OnRestored(long records, string path)
        {
        }

        public void OnSnapshotUnused(string path, string reason)
        {
        }

        public void OnSnapshotWritten(string path, long records, long bytes, TimeSpan elapsed)
        {
        }

        public void OnSnapshotFailed(string path, Exception exception)
        {
        }

        public void OnUnprojected(string projection, long sequence, Exception exception)
        {
        }

        public void OnApplied(long position, int events, TimeSpan elapsed)
        {
        }

        public void OnReadTimedOut(long wanted, long applied)
        {
        }
    }
}

/// <summary>What an online refresh did: as <c>agentobs refresh --data-dir</c> reports it, in mode <c>online</c>.</summary>
internal sealed record RefreshOutcome(bool SnapshotDiscarded, long Events, long Unreadable, long Position, IReadOnlyList<string> Views, double Seconds);
