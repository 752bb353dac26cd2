namespace Observability.Projections;

/// <summary>How a <see cref="ProjectionHost"/> keeps its state.</summary>
public sealed class ProjectionHostOptions
{
    /// <summary>Where the snapshot lives; null for none (every start replays the whole log).</summary>
    public string? SnapshotPath { get; init; }

    /// <summary>
    /// What else the derived state depends on (the metric mapping, settings): a snapshot taken under another is not used.
    /// The projections' names and versions and the build are added by the host.
    /// </summary>
    public string Fingerprint { get; init; } = string.Empty;

    /// <summary>The ids already in the log, kept by the writer, snapshotted with the projections; null without a writer.</summary>
    public IDuplicateFilter? Duplicates { get; init; }

    /// <summary>Self-metrics and log lines; null for none.</summary>
    public IProjectionObserver? Observer { get; init; }

    /// <summary>
    /// Write a snapshot while running, on the host's thread between batches, at most this often and only when events
    /// were applied since the last one; zero for none (a clean stop still writes one).
    /// </summary>
    public TimeSpan SnapshotInterval { get; init; }

    /// <summary>The clock periodic snapshots and waits use.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}
