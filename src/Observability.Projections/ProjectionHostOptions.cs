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

    /// <summary>
    /// Where compaction writes the base snapshot: every projection and the duplicate index at the log's first live
    /// sequence, restored at start-up in place of the archived records. Null: a compacted log cannot be opened.
    /// </summary>
    public string? BaseSnapshotPath { get; init; }

    /// <summary>
    /// Where the archived records live (<c>data/archive</c>): offline readers (<see cref="ProjectionHost.ReadAll"/>) fold
    /// them before the live log, so a compacted log reads exactly as the whole one did. Null: none.
    /// </summary>
    public string? ArchiveDirectory { get; init; }

    /// <summary>The clock periodic snapshots and waits use.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}
