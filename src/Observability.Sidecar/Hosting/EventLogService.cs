using System.Diagnostics;
using Microsoft.Extensions.Options;
using Observability.EventLog;
using Observability.Ingestion;
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
    /// <summary>
    /// For tests only: when set to a file path, a finished replay waits for that file to exist before the log takes
    /// requests, so a test can observe the replaying state (503, readiness "in progress") however fast the replay is.
    /// Never set it in production: the sidecar stays unready until the file appears.
    /// </summary>
    public const string HoldReplayVariable = "AGENTOBS_TEST_HOLD_REPLAY_UNTIL";

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
            if (options.Value.Snapshot)
            {
                WriteSnapshot(log);
            }
        }
    }

    private static string SnapshotPath(SidecarOptions settings) => Path.Combine(settings.DataDirectory, "state.snapshot");

    // Once the log is closed no append can become durable, and its writer has projected every one that did: the
    // state covers exactly the records before the log's next sequence.
    private void WriteSnapshot(EventLogFile log)
    {
        var path = SnapshotPath(options.Value);
        var started = Stopwatch.StartNew();
        try
        {
            var status = log.Status;
            var next = status.NextSequence;
            var last = next == 0 ? ReadOnlyMemory<byte>.Empty : EventLogReader.Read(log.Directory, next - 1).First().Payload;
            state.Pipeline.WriteSnapshot(path, next, status.RecordCount, last.Span);
            Log.SnapshotWritten(logger, path, next, new FileInfo(path).Length, started.Elapsed.TotalSeconds);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            Log.SnapshotFailed(logger, path, e);
        }
    }

    private void HoldForTests()
    {
        if (Environment.GetEnvironmentVariable(HoldReplayVariable) is not { Length: > 0 } file)
        {
            return;
        }

        Log.ReplayHeldForTests(logger, file);
        while (!File.Exists(file) && !state.Stopping)
        {
            Task.Delay(TimeSpan.FromMilliseconds(50), timeProvider).GetAwaiter().GetResult();
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
            var logOptions = new EventLogOptions
            {
                Directory = directory,
                QuarantineDirectory = Path.Combine(settings.DataDirectory, "quarantine"),
                SegmentMaxBytes = settings.SegmentMaxBytes,
                PreallocationBytes = settings.PreallocationBytes,
                Fsync = settings.Fsync,
            };
            var snapshotPath = SnapshotPath(settings);
            EventLogFile? log = null;
            var fullReplay = false;
            using (var replay = settings.Snapshot ? state.Pipeline.BeginReplay(snapshotPath) : state.Pipeline.BeginReplay())
            {
                try
                {
                    log = EventLogFile.Open(logOptions, replay.Handler, observer, timeProvider);
                    replay.Complete();
                }
                catch (StateSnapshotException e)
                {
                    // The file passed its checks yet does not fit: a bug, and the state is half restored. Delete it
                    // and let the orchestrator restart the process into a full replay, rather than serve wrong counts.
                    if (log is not null)
                    {
                        log.DisposeAsync().AsTask().GetAwaiter().GetResult();
                    }

                    File.Delete(snapshotPath);
                    Log.SnapshotBroken(logger, snapshotPath, e);
                    state.OpenFailed($"the state snapshot could not be restored ({e.Message}); it was deleted, restart to replay the log");
                    Environment.ExitCode = 1;
                    lifetime.StopApplication();
                    return;
                }

                if (replay.SnapshotProblem is { } problem)
                {
                    Log.SnapshotUnused(logger, snapshotPath, problem);
                }

                if (replay.RestoredRecords > 0)
                {
                    Log.SnapshotRestored(logger, replay.RestoredRecords, snapshotPath);
                }

                fullReplay = replay.NeedsFullReplay;
            }

            if (fullReplay)
            {
                // Nothing was projected in the first pass: the pipeline is still fresh.
                log.DisposeAsync().AsTask().GetAwaiter().GetResult();
                using var replay = state.Pipeline.BeginReplay();
                log = EventLogFile.Open(logOptions, replay.Handler, observer, timeProvider);
                replay.Complete();
            }

            var replaySeconds = started.Elapsed.TotalSeconds;
            HoldForTests();
            state.Pipeline.Attach(log);
            var status = log.Status;
            observer.ReplayDuration.Set(replaySeconds);
            state.Opened(log);
            Log.ReplayFinished(logger, status.RecordCount, status.Bytes, status.Segments, replaySeconds);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            // Not a crash loop: the process stays up, /health answers, /readiness names the problem.
            state.OpenFailed($"{e.GetType().Name}: {e.Message}");
            Log.OpenFailed(logger, directory, e);
        }
    }
}
