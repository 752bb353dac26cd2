using System.Text;
using Observability.EventLog;

namespace Observability.Projections;

/// <content>
/// Refresh while running: every projection takes the state a second host folded from the whole log, so the derived
/// views are rebuilt without stopping the writer and without a read ever seeing a half-folded view.
/// </content>
public sealed partial class ProjectionHost
{
    /// <summary>
    /// Replaces every projection's state with that of <paramref name="rebuilt"/>: a host over fresh projections with the
    /// same names, versions and settings, that has read the log (<see cref="ReadUntil"/>, archives included) while this one
    /// kept applying live batches. Under this host's lock, <paramref name="rebuilt"/> first reads on from
    /// <paramref name="directory"/> to this host's position, then each projection reads the rebuilt one's state. The state
    /// snapshot is deleted (it holds the old state); the next periodic one or a clean stop writes the new state.
    /// </summary>
    /// <remarks>
    /// Reads wait for the lock, so they see the old state or the new one, never a mix; live batches wait too and are
    /// applied to the new state. Only the copy of the states and the records applied since the fold began are done under
    /// the lock.
    /// </remarks>
    /// <returns>The log position the refreshed state covers, and whether a state snapshot was deleted.</returns>
    /// <exception cref="ArgumentException"><paramref name="rebuilt"/>'s projections are not this host's.</exception>
    /// <exception cref="InvalidOperationException">The log does not hold the records this host applied; nothing was changed.</exception>
    /// <exception cref="StateSnapshotException">A projection could not take its state; the projections are half refreshed.</exception>
    public (long Position, bool SnapshotDeleted) Refresh(ProjectionHost rebuilt, string directory)
    {
        ArgumentNullException.ThrowIfNull(rebuilt);
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        if (rebuilt.BaseFingerprint != BaseFingerprint)
        {
            throw new ArgumentException("The rebuilt host's projections, versions or settings are not this host's.", nameof(rebuilt));
        }

        // Most of what was applied while the fold ran is read before the lock is taken, so reads wait for less.
        rebuilt.ReadOn(directory, Applied);
        lock (_gate)
        {
            rebuilt.ReadOn(directory, _applied);
            if (rebuilt.Applied != _applied)
            {
                throw new InvalidOperationException(
                    $"The event log in {directory} ends at sequence {rebuilt.Applied}, but the views have applied the records before {_applied}; nothing was changed.");
            }

            var section = new MemoryStream();
            for (var i = 0; i < _projections.Length; i++)
            {
                section.SetLength(0);
                using (var writer = new BinaryWriter(section, Encoding.UTF8, leaveOpen: true))
                {
                    rebuilt._projections[i].WriteState(writer);
                }

                section.Position = 0;
                try
                {
                    using var reader = new BinaryReader(section, Encoding.UTF8, leaveOpen: true);
                    _projections[i].ReadState(reader);
                    if (section.Position != section.Length)
                    {
                        throw new InvalidDataException($"it read {section.Position} bytes of its {section.Length}.");
                    }
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    throw new StateSnapshotException($"Projection '{_projections[i].Name}' could not take its refreshed state: {e.Message}", e);
                }
            }

            // The old state must not come back at the next start; the next periodic snapshot writes the new one.
            var deleted = _options.SnapshotPath is { } path && File.Exists(path);
            if (deleted)
            {
                File.Delete(_options.SnapshotPath!);
            }

            _snapshotApplied = -1;
            return (_applied, deleted);
        }
    }

    // Continues a replay from this host's position to untilSequence (a refresh catching up with the live host).
    private void ReadOn(string directory, long untilSequence)
    {
        if (Applied >= untilSequence)
        {
            return;
        }

        using var replay = new ReplaySession(this, null);
        var cursor = new EventLogCursor(directory, Applied);
        cursor.ReadAvailable(replay.Handler, untilSequence);
        replay.Complete(Math.Min(cursor.NextSequence, untilSequence));
    }
}
