using System.Diagnostics;

namespace Observability.Projections;

/// <content>The one snapshot: every projection and the duplicate index at one log position.</content>
public sealed partial class ProjectionHost
{
    private long _lastSnapshotAt;
    private long _snapshotApplied;

    /// <summary>
    /// Writes every projection's state and the duplicate index to the snapshot file, as covering the records before
    /// <see cref="Applied"/>. At a clean stop call it once the log is closed and <see cref="DrainAsync"/> is done, so the
    /// state covers every durable record. Failures are reported to the observer, not thrown: the next start replays.
    /// </summary>
    public void WriteSnapshot() => WriteSnapshot(_options.SnapshotPath);

    /// <summary>Writes the snapshot to <paramref name="path"/> (none when null), as <see cref="WriteSnapshot()"/> does.</summary>
    public void WriteSnapshot(string? path)
    {
        lock (_gate)
        {
            WriteSnapshotLocked(path);
        }
    }

    // Periodic: on the host's thread between batches, so the state is that of one position with no copy.
    private void MaybeSnapshot()
    {
        if (_options.SnapshotInterval <= TimeSpan.Zero || _applied == _snapshotApplied
            || _options.Time.GetElapsedTime(_lastSnapshotAt) < _options.SnapshotInterval)
        {
            return;
        }

        WriteSnapshotLocked(_options.SnapshotPath);
    }

    private void WriteSnapshotLocked(string? path)
    {
        if (path is null)
        {
            return;
        }

        var started = Stopwatch.GetTimestamp();
        _lastSnapshotAt = _options.Time.GetTimestamp();
        try
        {
            WriteState(path, Fingerprint);
            _snapshotApplied = _applied;
            _observer?.OnSnapshotWritten(path, _applied, new FileInfo(path).Length, Stopwatch.GetElapsedTime(started));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or NotSupportedException)
        {
            _observer?.OnSnapshotFailed(path, e);
        }
    }

    // Under the lock: the state of every projection and the duplicate index at one position.
    private void WriteState(string path, string fingerprint)
    {
        var section = new MemoryStream();
        StateSnapshot.Write(path, fingerprint, _applied, _records, _lastRecordHash, writer =>
        {
            writer.Write(_duplicates is not null);
            _duplicates?.WriteState(writer);
            writer.Write(_projections.Length);
            foreach (var projection in _projections)
            {
                // Length-prefixed, so a restore can tell a projection that reads more or less than it wrote.
                section.SetLength(0);
                using (var sectionWriter = new BinaryWriter(section, System.Text.Encoding.UTF8, leaveOpen: true))
                {
                    projection.WriteState(sectionWriter);
                }

                writer.Write(projection.Name);
                writer.Write(section.Length);
                writer.Write(section.GetBuffer(), 0, (int)section.Length);
            }
        });
    }
}
