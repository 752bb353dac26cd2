using System.Diagnostics;
using Microsoft.Extensions.Options;
using Observability.EventLog;
using EventLogFile = Observability.EventLog.EventLog;

namespace Observability.Sidecar.Hosting;

/// <summary>
/// Owns the event log: replays it in the background at start (readiness stays 503 until done), and on
/// shutdown turns readiness false, lets in-flight requests finish, then drains and fsyncs the log.
/// </summary>
internal sealed class EventLogService(
    SidecarState state,
    EventLogMetrics observer,
    IOptions<SidecarOptions> options,
    IHostApplicationLifetime lifetime,
    TimeProvider timeProvider,
    ILogger<EventLogService> logger) : IHostedService
{
    private Task? _replay;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStopping.Register(() =>
        {
            Log.ShuttingDown(logger);
            state.BeginStopping();
        });
        _replay = Task.Run(Replay, CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        state.BeginStopping();
        if (_replay is not null)
        {
            await _replay.ConfigureAwait(false);
        }

        if (state.Log is { } log)
        {
            await log.DisposeAsync().ConfigureAwait(false);
            Log.LogClosed(logger);
        }
    }

    private void Replay()
    {
        var settings = options.Value;
        var directory = Path.Combine(settings.DataDirectory, "events");
        Log.ReplayStarted(logger, directory);
        var started = Stopwatch.StartNew();
        try
        {
            EventLogFile log;
            using (var replay = state.Pipeline.BeginReplay())
            {
                log = EventLogFile.Open(
                    new EventLogOptions
                    {
                        Directory = directory,
                        SegmentMaxBytes = settings.SegmentMaxBytes,
                        PreallocationBytes = settings.PreallocationBytes,
                        Fsync = settings.Fsync,
                    },
                    replay.Handler,
                    observer,
                    timeProvider);
                replay.Complete();
            }

            state.Pipeline.Attach(log);
            var status = log.Status;
            observer.ReplayDuration.Set(started.Elapsed.TotalSeconds);
            state.Opened(log);
            Log.ReplayFinished(logger, status.RecordCount, status.Bytes, status.Segments, started.Elapsed.TotalSeconds);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            // Not a crash loop: the process stays up, /health answers, /readiness names the problem.
            state.OpenFailed($"{e.GetType().Name}: {e.Message}");
            Log.OpenFailed(logger, directory, e);
        }
    }
}
