using EventLogFile = Observability.EventLog.EventLog;

namespace Observability.Sidecar.Hosting;

/// <summary>
/// The event log as the rest of the sidecar sees it: open once start-up has replayed it, the reason when it could not
/// be opened, and whether the sidecar is stopping. Start-up (<see cref="SidecarStartup"/>) is its only writer.
/// </summary>
internal sealed class EventLogHandle
{
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile EventLogFile? _log;
    private volatile bool _stopping;
    private volatile string? _openError;

    /// <summary>The log, once open and replayed; null before.</summary>
    public EventLogFile? Log => _log;

    /// <summary>Whether the sidecar is stopping: writes are refused from then on.</summary>
    public bool Stopping => _stopping;

    /// <summary>Why the log could not be opened; null while it is being opened or once it is.</summary>
    public string? OpenError => _openError;

    /// <summary>The log's next sequence when it was opened, before any live append: where replay ended.</summary>
    public long OpenedAtSequence { get; private set; }

    /// <summary>Completes once start-up is over, whether the log opened or not.</summary>
    public Task Started => _started.Task;

    public void Opened(EventLogFile log)
    {
        OpenedAtSequence = log.Status.NextSequence;
        _log = log;
        _started.TrySetResult();
    }

    public void OpenFailed(string error)
    {
        _openError = error;
        _started.TrySetResult();
    }

    public void BeginStopping() => _stopping = true;
}
