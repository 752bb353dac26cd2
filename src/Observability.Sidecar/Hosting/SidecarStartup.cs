using System.Diagnostics;
using Microsoft.Extensions.Options;
using Observability.EventLog;
using Observability.Ingestion;
using Observability.Ingestion.Projection;
using Observability.Projections;

namespace Observability.Sidecar.Hosting;

/// <summary>
/// Start-up in one place: in the background, the projection host restores its snapshot and replays the log
/// (readiness stays 503 meanwhile), then the writer is attached and the log takes events. At a clean stop: readiness
/// false, writes refused, the log closed (every durable group handed to the host), the host drained, and the one
/// snapshot written.
/// </summary>
internal sealed class SidecarStartup(
    EventLogHandle handle,
    ProjectionHost host,
    IngestionWriter writer,
    MetricsProjection metrics,
    EventLogMetrics observer,
    IOptions<SidecarOptions> options,
    IHostApplicationLifetime lifetime,
    TimeProvider timeProvider,
    StartTime startTime,
    ILogger<SidecarStartup> logger) : IHostedService
{
    /// <summary>
    /// For tests only: when set to a file path, a finished replay waits for that file to exist before the log takes
    /// requests, so a test can observe the replaying state (503, readiness "in progress") however fast the replay is.
    /// Never set it in production: the sidecar stays unready until the file appears.
    /// </summary>
    public const string HoldReplayVariable = "AGENTOBS_TEST_HOLD_REPLAY_UNTIL";

    private Task? _start;

    /// <summary>Where the state snapshot lives.</summary>
    public static string SnapshotPath(SidecarOptions settings) => Path.Combine(settings.DataDirectory, "state.snapshot");

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Taken as a dependency so the start time is the moment the host starts, not the first /health answer's.
        GC.KeepAlive(startTime);
        lifetime.ApplicationStopping.Register(() =>
        {
            Log.ShuttingDown(logger);
            handle.BeginStopping();
        });
        _start = Task.Run(Open, CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        handle.BeginStopping();
        if (_start is not null)
        {
            await _start.ConfigureAwait(false);
        }

        if (handle.Log is { } log)
        {
            // Once the log is closed no append can become durable, and its writer has handed every one that did to the
            // host: drained, the host's state covers exactly the records before the log's next sequence.
            await log.DisposeAsync().ConfigureAwait(false);
            Log.LogClosed(logger);
            await host.DrainAsync(cancellationToken).ConfigureAwait(false);
            host.WriteSnapshot();
        }

        await host.DisposeAsync().ConfigureAwait(false);
    }

    private void Open()
    {
        var settings = options.Value;
        var directory = Path.Combine(settings.DataDirectory, "events");
        Log.ReplayStarted(logger, directory);
        var started = Stopwatch.StartNew();
        try
        {
            var log = host.Open(
                new EventLogOptions
                {
                    Directory = directory,
                    QuarantineDirectory = Path.Combine(settings.DataDirectory, "quarantine"),
                    SegmentMaxBytes = settings.SegmentMaxBytes,
                    PreallocationBytes = settings.PreallocationBytes,
                    CacheWrittenPages = settings.CacheWrittenPages,
                    Fsync = settings.Fsync,
                },
                observer,
                timeProvider);
            var replaySeconds = started.Elapsed.TotalSeconds;
            metrics.Exemplars = true;
            HoldForTests();
            writer.Attach(log, host);
            var status = log.Status;
            observer.ReplayDuration.Set(replaySeconds);
            handle.Opened(log);
            Log.ReplayFinished(logger, status.RecordCount, status.Bytes, status.Segments, replaySeconds);
        }
        catch (StateSnapshotException e)
        {
            // The file passed its checks yet does not fit: a bug, and the state is half restored. Delete it and let the
            // orchestrator restart the process into a full replay, rather than serve wrong counts.
            var path = SnapshotPath(settings);
            File.Delete(path);
            Log.SnapshotBroken(logger, path, e);
            handle.OpenFailed($"the state snapshot could not be restored ({e.Message}); it was deleted, restart to replay the log");
            Environment.ExitCode = 1;

            // Stopped once the host has started (at once if it has): a stop while Kestrel still binds cancels the bind,
            // and the host's start then throws, so the process would abort (134) instead of exiting with this code.
            lifetime.ApplicationStarted.Register(lifetime.StopApplication);
        }
        catch (BaseSnapshotException e)
        {
            // A compacted log without the state of its archived records: figures would be wrong, so no start; not a
            // crash loop either: /readiness names the way out.
            handle.OpenFailed(e.Message);
            Log.BaseSnapshotUnusable(logger, directory, e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            // Not a crash loop: the process stays up, /health answers, /readiness names the problem.
            handle.OpenFailed($"{e.GetType().Name}: {e.Message}");
            Log.OpenFailed(logger, directory, e);
        }
    }

    private void HoldForTests()
    {
        if (Environment.GetEnvironmentVariable(HoldReplayVariable) is not { Length: > 0 } file)
        {
            return;
        }

        Log.ReplayHeldForTests(logger, file);
        while (!File.Exists(file) && !handle.Stopping)
        {
            Task.Delay(TimeSpan.FromMilliseconds(50), timeProvider).GetAwaiter().GetResult();
        }
    }
}
