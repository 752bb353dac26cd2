using Observability.EventLog;
using EventLogFile = Observability.EventLog.EventLog;

namespace Observability.Projections;

/// <content>Start-up: restore the snapshot, replay only the later records, then apply live.</content>
public sealed partial class ProjectionHost
{
    /// <summary>
    /// Opens the log for writing and brings every projection up to its end: restores the snapshot when it fits, replays
    /// only the records after it (or all of them), then starts applying live batches (<see cref="Enqueue"/>). Blocks;
    /// call it from a background thread.
    /// </summary>
    /// <param name="logOptions">The log's settings.</param>
    /// <param name="logObserver">The log's telemetry; optional.</param>
    /// <param name="time">The log's clock; optional.</param>
    /// <returns>The open log, positioned where the projections are.</returns>
    /// <exception cref="StateSnapshotException">A snapshot passed its checks but could not be restored; the projections are half restored.</exception>
    public EventLogFile Open(EventLogOptions logOptions, IEventLogObserver? logObserver = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(logOptions);
        var baseSnapshot = ReadBaseSnapshot(logOptions.Directory);
        var snapshot = ReadSnapshot();
        EventLogFile log;
        bool fullReplay;
        using (var replay = new ReplaySession(this, snapshot, baseSnapshot))
        {
            log = EventLogFile.Open(logOptions, replay.Handler, logObserver, time);
            try
            {
                replay.Complete(log.Status.NextSequence);
            }
            catch
            {
                log.DisposeAsync().AsTask().GetAwaiter().GetResult();
                throw;
            }

            Report(replay);
            fullReplay = replay.NeedsFullReplay;
        }

        if (fullReplay)
        {
            // Nothing was applied in the first pass: the projections are still fresh.
            log.DisposeAsync().AsTask().GetAwaiter().GetResult();
            using var replay = new ReplaySession(this, null, baseSnapshot);
            log = EventLogFile.Open(logOptions, replay.Handler, logObserver, time);
            replay.Complete(log.Status.NextSequence);
        }

        StartLive();
        return log;
    }

    /// <summary>
    /// Applies every record of the log in <paramref name="directory"/> without opening it for writing (read-only: safe
    /// next to a running writer), from the start. For offline readers such as the CLI; no live application follows.
    /// </summary>
    /// <remarks>
    /// A compacted log (its first live sequence after 0) is read from the base snapshot when
    /// <see cref="ProjectionHostOptions.BaseSnapshotPath"/> is set, else from the archives in
    /// <see cref="ProjectionHostOptions.ArchiveDirectory"/> (checksums checked first), so it reads as the whole log did.
    /// </remarks>
    /// <exception cref="BaseSnapshotException">The log is compacted and neither the base snapshot nor the archives can stand for the archived records.</exception>
    /// <exception cref="InvalidDataException">An archive fails its checksum.</exception>
    public void ReadAll(string directory) => ReadUntil(directory, long.MaxValue);

    /// <summary>
    /// <see cref="ReadAll"/> up to, not including, <paramref name="untilSequence"/>: what compaction folds to write the
    /// base snapshot at its cut.
    /// </summary>
    public void ReadUntil(string directory, long untilSequence)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        var start = Directory.Exists(directory) ? EventLog.Archive.EventLogArchive.FirstSequence(directory) : 0;
        StateSnapshot? baseSnapshot = null;
        var fromArchives = false;
        if (start > 0)
        {
            if (_options.BaseSnapshotPath is null && _options.ArchiveDirectory is not null)
            {
                fromArchives = true;
            }
            else
            {
                baseSnapshot = ReadBaseSnapshot(directory);
            }
        }

        using var replay = new ReplaySession(this, null, baseSnapshot);
        if (fromArchives)
        {
            EventLog.Archive.EventLogArchive.Read(_options.ArchiveDirectory!, start, replay.Handler);
        }

        var cursor = new EventLogCursor(directory, start);
        cursor.ReadAvailable(replay.Handler, untilSequence);
        replay.Complete(Math.Min(cursor.NextSequence, untilSequence));
    }

    /// <summary>
    /// Writes every projection and the duplicate index, as they stand, as the base snapshot of a log compacted at
    /// <see cref="Applied"/>: durably (temporary file, fsync, rename), under <see cref="BaseFingerprint"/>.
    /// </summary>
    public void WriteBaseSnapshot(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        lock (_gate)
        {
            WriteState(path, BaseFingerprint);
        }

        EventLog.Archive.EventLogArchive.SyncDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
    }

    // A compacted log cannot be read without the state of its archived records: stop rather than answer without them.
    private StateSnapshot? ReadBaseSnapshot(string eventsDirectory)
    {
        var start = Directory.Exists(eventsDirectory) ? EventLog.Archive.EventLogArchive.FirstSequence(eventsDirectory) : 0;
        if (start == 0)
        {
            return null;
        }

        const string WayOut = "run `agentobs restore-archive --data-dir DIR`, then `agentobs refresh --data-dir DIR`";
        if (_options.BaseSnapshotPath is not { } path)
        {
            throw new BaseSnapshotException($"The event log in {eventsDirectory} was compacted (it starts at sequence {start}) and no base snapshot is configured: {WayOut}.");
        }

        var snapshot = StateSnapshot.TryRead(path, BaseFingerprint, out var problem);
        if (snapshot is null)
        {
            throw new BaseSnapshotException(
                $"The event log in {eventsDirectory} was compacted (it starts at sequence {start}) and its base snapshot {path} cannot be used ({problem ?? "it does not exist"}; a projection's version or settings changed?): {WayOut}.");
        }

        if (snapshot.NextSequence < start)
        {
            throw new BaseSnapshotException(
                $"The base snapshot {path} covers the records before sequence {snapshot.NextSequence}, but the event log starts at {start}: {WayOut}.");
        }

        return snapshot;
    }

    private StateSnapshot? ReadSnapshot()
    {
        if (_options.SnapshotPath is not { } path)
        {
            return null;
        }

        var snapshot = StateSnapshot.TryRead(path, Fingerprint, out var problem);
        if (problem is not null)
        {
            _observer?.OnSnapshotUnused(path, problem);
        }

        return snapshot;
    }

    private void Report(ReplaySession replay)
    {
        if (replay.SnapshotProblem is { } problem)
        {
            _observer?.OnSnapshotUnused(_options.SnapshotPath!, problem);
        }

        if (replay.RestoredRecords > 0)
        {
            _observer?.OnRestored(replay.RestoredRecords, replay.RestoredFromBase ? _options.BaseSnapshotPath! : _options.SnapshotPath!);
        }
    }

    /// <summary>Restores <paramref name="snapshot"/> into the fresh projections; runs before any later record is applied.</summary>
    internal void Restore(StateSnapshot snapshot)
    {
        snapshot.ReadState(reader =>
        {
            var duplicates = reader.ReadBoolean();
            if (duplicates != (_duplicates is not null))
            {
                throw new InvalidDataException("The snapshot's duplicate index does not match the host's.");
            }

            _duplicatesFrom = _duplicates?.ReadState(reader) ?? 0;
            var count = reader.ReadInt32();
            if (count != _projections.Length)
            {
                throw new InvalidDataException($"The snapshot has {count} projections, the host {_projections.Length}.");
            }

            foreach (var projection in _projections)
            {
                var name = reader.ReadString();
                if (name != projection.Name)
                {
                    throw new InvalidDataException($"The snapshot has projection '{name}' where the host has '{projection.Name}'.");
                }

                var length = reader.ReadInt64();
                var end = reader.BaseStream.Position + length;
                projection.ReadState(reader);
                if (reader.BaseStream.Position != end)
                {
                    throw new InvalidDataException($"Projection '{name}' read {reader.BaseStream.Position - (end - length)} bytes of its {length}.");
                }
            }
        });
        _applied = snapshot.NextSequence;
        _records = snapshot.CoveredRecords;
        _lastRecordHash = snapshot.LastRecordHash;
    }

    /// <summary>Replay read a batch: applies it; the host's position is then past its last record.</summary>
    internal void Replayed(ReplayBatch batch)
    {
        var applied = 0;
        lock (_gate)
        {
            for (var i = 0; i < batch.Count; i++)
            {
                if (ApplyOne(batch.Events[i], filter: true))
                {
                    applied++;
                }
            }

            _records += batch.Records;
            _applied = batch.NextSequence;
            if (batch.LastRecordHash is { } hash)
            {
                _lastRecordHash = hash;
            }
        }

        _observer?.OnReplayed(applied, 0);
        Progressed();
    }

    /// <summary>Replay is over: the log ends at <paramref name="nextSequence"/> (past damage and gaps after the last record).</summary>
    internal void ReplayEnded(long nextSequence, long unreadable)
    {
        lock (_gate)
        {
            _applied = Math.Max(_applied, nextSequence);
        }

        _observer?.OnReplayed(0, unreadable);
        Progressed();
    }
}
