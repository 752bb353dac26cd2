using Observability.EventLog.Archive;

namespace Observability.Projections.Compaction;

/// <summary>
/// What <c>verify</c> checks of a compacted data directory: every archive in effect against its SHA-256, the archives
/// running from sequence 0 to the live log's first sequence, and the base snapshot (format, checksum, position).
/// </summary>
public static class CompactionCheck
{
    /// <summary>One line per problem; empty when the log was never compacted or everything fits.</summary>
    public static List<string> Run(CompactionLayout layout, out long firstSequence, out int archives) => Run(layout, null, out firstSequence, out archives);

    /// <summary>
    /// <see cref="Run(CompactionLayout, out long, out int)"/>, telling <paramref name="progress"/> the archived records
    /// checked so far after each archive.
    /// </summary>
    public static List<string> Run(CompactionLayout layout, Action<long>? progress, out long firstSequence, out int archives)
    {
        ArgumentNullException.ThrowIfNull(layout);
        firstSequence = EventLogArchive.FirstSequence(layout.Events);
        archives = 0;
        if (firstSequence == 0)
        {
            return [];
        }

        var problems = EventLogArchive.Verify(layout.Archive, firstSequence, progress);
        try
        {
            archives = EventLogArchive.InEffect(layout.Archive, firstSequence).Count;
        }
        catch (InvalidDataException)
        {
            // Named among the problems already.
        }

        var covers = StateSnapshot.Inspect(layout.BaseSnapshot, out var problem);
        if (covers is null)
        {
            problems.Add($"{layout.BaseSnapshot}: the base snapshot of the compacted log cannot be used: {problem}");
        }
        else if (covers < firstSequence)
        {
            problems.Add($"{layout.BaseSnapshot}: covers the records before sequence {covers}, but the live log starts at {firstSequence}");
        }

        return problems;
    }
}
