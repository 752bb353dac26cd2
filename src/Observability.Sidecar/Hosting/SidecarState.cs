using Observability.Ingestion;
using Observability.Metrics;
using EventLogFile = Observability.EventLog.EventLog;

namespace Observability.Sidecar.Hosting;

/// <summary>What the endpoints share: the registry, the pipeline, the log once replayed, and lifecycle flags.</summary>
internal sealed class SidecarState(MetricRegistry registry, IngestionPipeline pipeline, BuildInfo build, DateTimeOffset startedAt)
{
    private volatile EventLogFile? _log;
    private volatile bool _stopping;
    private volatile string? _openError;

    public MetricRegistry Registry { get; } = registry;

    public IngestionPipeline Pipeline { get; } = pipeline;

    public BuildInfo Build { get; } = build;

    public DateTimeOffset StartedAt { get; } = startedAt;

    /// <summary>The log, once open and replayed; null before.</summary>
    public EventLogFile? Log => _log;

    public bool Stopping => _stopping;

    public string? OpenError => _openError;

    /// <summary>The log's next sequence when it was opened, before any live append: where replay ended.</summary>
    public long OpenedAtSequence { get; private set; }

    public void Opened(EventLogFile log)
    {
        OpenedAtSequence = log.Status.NextSequence;
        _log = log;
    }

    public void OpenFailed(string error) => _openError = error;

    public void BeginStopping() => _stopping = true;
}
