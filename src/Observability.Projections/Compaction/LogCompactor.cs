using Observability.EventLog.Archive;
using Observability.Events;

namespace Observability.Projections.Compaction;

/// <summary>
/// Compaction of a data directory no writer has open: the sealed segments whose records are all older than the cutoff
/// move to <c>archive/*.jsonl.gz</c>, and the live log keeps a base snapshot of every projection and the duplicate
/// index at the cut, so every figure stays exact and duplicates of archived ids are still refused.
/// </summary>
/// <remarks>
/// Order, each step durable before the next, so a crash at any point leaves the old state or the new one: the archives,
/// the manifest, the base snapshot, then the log start moved to the cut (the commit point), then the segments deleted.
/// Before the log start moves, the extra archives and base snapshot are ignored (the segments still hold the records);
/// after it, segments below it are ignored by every reader and deleted by the next run. Sequence numbers after the cut
/// are untouched and never reused.
/// </remarks>
public static class LogCompactor
{
    /// <summary>The named points a crash test can stop at, in order.</summary>
    public static readonly IReadOnlyList<string> Steps = ["archived", "manifest-written", "base-written", "log-start-moved", "segment-deleted"];

    /// <summary>Compacts <paramref name="layout"/>'s log before <paramref name="before"/>.</summary>
    /// <param name="layout">The data directory's files.</param>
    /// <param name="before">Records whose timestamp is before this may be archived (whole sealed segments only).</param>
    /// <param name="createHost">
    /// A fresh host with every projection the sidecar has, its <see cref="ProjectionHostOptions.BaseSnapshotPath"/> set to
    /// <see cref="CompactionLayout.BaseSnapshot"/>: it folds the log up to the cut.
    /// </param>
    /// <param name="step">Called after each named step (<see cref="Steps"/>); optional, a test seam.</param>
    /// <param name="progress">Called with the records read so far; optional.</param>
    public static CompactionResult Compact(
        CompactionLayout layout, DateTimeOffset before, Func<ProjectionHost> createHost, Action<string>? step = null, Action<long>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(layout);
        return Compact(layout, () => Choose(layout.Events, before, progress), createHost, step);
    }

    /// <summary>
    /// Compacts <paramref name="layout"/>'s oldest sealed segments, as few as free at least <paramref name="bytes"/> of the
    /// live log (their files' sizes): retention by size. The last segment, which a writer appends to, is never archived.
    /// </summary>
    public static CompactionResult CompactOldest(CompactionLayout layout, long bytes, Func<ProjectionHost> createHost)
    {
        ArgumentNullException.ThrowIfNull(layout);
        return Compact(layout, () => ChooseOldest(layout.Events, bytes), createHost, null);
    }

    private static CompactionResult Compact(
        CompactionLayout layout, Func<List<SealedSegment>> choose, Func<ProjectionHost> createHost, Action<string>? step)
    {
        ArgumentNullException.ThrowIfNull(createHost);
        var start = EventLogArchive.FirstSequence(layout.Events);

        // Segments left below the log start by a run that stopped before deleting them.
        var leftovers = EventLogArchive.DeleteArchivedSegments(layout.Events);
        var chosen = choose();
        if (chosen.Count == 0)
        {
            return new CompactionResult(0, 0, start, start, [], leftovers);
        }

        var cut = chosen[^1].NextSequence;
        var entries = chosen.Select(segment => EventLogArchive.Write(segment, layout.Archive)).ToList();
        step?.Invoke("archived");

        // Entries at or past the old start are leftovers of an interrupted run: replaced by this run's.
        var manifest = ArchiveManifest.Read(layout.Archive).Where(e => e.LastSequence < start).Concat(entries).ToList();
        ArchiveManifest.Write(layout.Archive, manifest);
        step?.Invoke("manifest-written");

        var host = createHost();
        try
        {
            host.ReadUntil(layout.Events, cut);
            if (host.Applied != cut)
            {
                throw new InvalidOperationException($"The fold stopped at sequence {host.Applied}, not at the cut {cut}.");
            }

            host.WriteBaseSnapshot(layout.BaseSnapshot);
        }
        finally
        {
            host.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        step?.Invoke("base-written");
        EventLogArchive.MoveLogStart(layout.Events, cut);
        step?.Invoke("log-start-moved");
        var deleted = EventLogArchive.DeleteArchivedSegments(layout.Events, _ => step?.Invoke("segment-deleted"));
        return new CompactionResult(entries.Count, entries.Sum(e => e.Records), start, cut, entries, leftovers + deleted - chosen.Count);
    }

    // The oldest sealed segments, in order, until their files hold the bytes to free; a damaged one stops the choice, as
    // it stays where verify and the quarantine find it.
    private static List<SealedSegment> ChooseOldest(string events, long bytes)
    {
        var chosen = new List<SealedSegment>();
        long freed = 0;
        foreach (var segment in EventLogArchive.SealedSegments(events))
        {
            if (freed >= bytes || !EventLogArchive.ReadWhole(segment, static (_, _) => { }))
            {
                break;
            }

            chosen.Add(segment);
            freed += new FileInfo(segment.Path).Length;
        }

        return chosen;
    }

    // The oldest sealed segments, in order, while every record in one is older than the cutoff and none is damaged.
    private static List<SealedSegment> Choose(string events, DateTimeOffset before, Action<long>? progress)
    {
        var chosen = new List<SealedSegment>();
        long read = 0;
        foreach (var segment in EventLogArchive.SealedSegments(events))
        {
            var older = true;
            var whole = EventLogArchive.ReadWhole(segment, (sequence, payload) =>
            {
                read++;
                // A record that does not parse has no time to judge it by: its segment stays live.
                older &= StoredEventReader.TryRead(payload.ToArray(), sequence, out var e) && e.Timestamp < before;
            });
            progress?.Invoke(read);
            if (!whole || !older)
            {
                break;
            }

            chosen.Add(segment);
        }

        return chosen;
    }
}
