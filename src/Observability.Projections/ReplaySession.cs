using System.Collections.Concurrent;
using System.Threading.Channels;
using Observability.EventLog;

namespace Observability.Projections;

/// <summary>
/// A start-up replay on two cores: the log's reading thread frames, copies and parses each record (the
/// <see cref="Handler"/>), and the host's apply thread folds the events into the projections in log order. With a
/// snapshot, the records it covers are only counted and the last one hashed, to prove the log still holds them as they
/// were; the state is restored before the first later record is applied.
/// </summary>
internal sealed class ReplaySession : IDisposable
{
    private const int BatchesInFlight = 8;
    private readonly ProjectionHost _host;
    private readonly Channel<ReplayBatch> _batches =
        Channel.CreateBounded<ReplayBatch>(new BoundedChannelOptions(BatchesInFlight) { SingleReader = true, SingleWriter = true });

    private readonly ConcurrentQueue<ReplayBatch> _free = new();
    private readonly Task _apply;
    private ReplayBatch _current = new();
    private readonly long _baseNext;
    private StateSnapshot? _snapshot;
    private bool _lastCoveredSeen;
    private long _coveredSeen;
    private long _unreadable;
    private bool _completed;

    /// <param name="host">The host whose fresh projections are brought up.</param>
    /// <param name="snapshot">The state snapshot, when one passed its checks.</param>
    /// <param name="baseSnapshot">
    /// A compacted log's base snapshot: the state of every record below its first live sequence (archived). Restored at
    /// once unless <paramref name="snapshot"/> covers at least as much; the archived records count as covered.
    /// </param>
    public ReplaySession(ProjectionHost host, StateSnapshot? snapshot, StateSnapshot? baseSnapshot = null)
    {
        _host = host;
        _snapshot = snapshot;
        if (baseSnapshot is not null)
        {
            _baseNext = baseSnapshot.NextSequence;
            if (snapshot is not null && snapshot.NextSequence >= baseSnapshot.NextSequence)
            {
                // The snapshot's coverage is checked against the base's for the records the log no longer holds.
                _coveredSeen = baseSnapshot.CoveredRecords;
                _lastCoveredSeen = snapshot.NextSequence == baseSnapshot.NextSequence
                    && snapshot.LastRecordHash.AsSpan().SequenceEqual(baseSnapshot.LastRecordHash);
            }
            else
            {
                _snapshot = null;
                RestoreBase(baseSnapshot);
            }
        }

        _apply = Task.Factory.StartNew(ApplyAll, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>Give this to the log's open (or a cursor).</summary>
    public RecordHandler Handler => OnRecord;

    /// <summary>Why a snapshot was there but not used; null when there was none or it was used.</summary>
    public string? SnapshotProblem { get; private set; }

    /// <summary>True when the state came from a compacted log's base snapshot, not the state snapshot.</summary>
    public bool RestoredFromBase { get; private set; }

    /// <summary>Records whose state came from the snapshot rather than replay; 0 when none was used.</summary>
    public long RestoredRecords { get; private set; }

    /// <summary>
    /// True when the snapshot looked usable but the log does not hold the records it covers as they were when it was
    /// written: nothing was applied, and the caller must replay the log again without it.
    /// </summary>
    public bool NeedsFullReplay { get; private set; }

    /// <summary>Waits until every record handed over is applied; the log ends at <paramref name="nextSequence"/>.</summary>
    public void Complete(long nextSequence)
    {
        if (_completed)
        {
            return;
        }

        _completed = true;
        if (_snapshot is { } snapshot)
        {
            // The log ends at or before the snapshot's position: restored only if it ends exactly there.
            TryRestore(snapshot);
        }

        Flush();
        _batches.Writer.TryComplete();
        _apply.GetAwaiter().GetResult();
        if (!NeedsFullReplay)
        {
            _host.ReplayEnded(nextSequence, _unreadable);
        }
    }

    public void Dispose()
    {
        if (!_completed)
        {
            // The open failed part-way: stop the apply thread and drop what it had not taken.
            _completed = true;
            _batches.Writer.TryComplete();
            _apply.GetAwaiter().GetResult();
        }

        _current.Dispose();
        while (_free.TryDequeue(out var batch))
        {
            batch.Dispose();
        }
    }

    private void OnRecord(long sequence, ReadOnlySpan<byte> payload)
    {
        // Below the base snapshot: archived already, though a compaction stopped before deleting its segment.
        if (NeedsFullReplay || sequence < _baseNext)
        {
            return;
        }

        if (_snapshot is { } snapshot)
        {
            if (sequence < snapshot.NextSequence)
            {
                // Covered by the snapshot: counted, so a record lost below it since (damaged or removed) is noticed, and
                // the last one hashed, to prove it is the same log.
                _coveredSeen++;
                if (sequence == snapshot.NextSequence - 1)
                {
                    _lastCoveredSeen = StateSnapshot.HashOf(payload).AsSpan().SequenceEqual(snapshot.LastRecordHash);
                }

                return;
            }

            if (!TryRestore(snapshot))
            {
                return;
            }
        }

        if (!_current.TryAdd(sequence, payload, out var readable))
        {
            Flush();
            _current.TryAdd(sequence, payload, out readable);
        }

        _unreadable += readable ? 0 : 1;
        if (_current.IsFull)
        {
            Flush();
        }
    }

    // Runs on the reading thread before any record is handed to the apply thread, so the state is restored into
    // projections nothing else has touched.
    private bool TryRestore(StateSnapshot snapshot)
    {
        _snapshot = null;
        if (snapshot.NextSequence > 0 && !_lastCoveredSeen)
        {
            NeedsFullReplay = true;
            SnapshotProblem = $"the event log does not hold the records it covers (sequences 0 to {snapshot.NextSequence - 1}) as they were";
            return false;
        }

        // Records the state was derived from that the log no longer holds readable (damaged or removed since): replay,
        // so the state is what the log holds, as any later full replay would make it. The next snapshot covers the log
        // as it is now, so only the first start after new damage replays in full.
        if (_coveredSeen != snapshot.CoveredRecords)
        {
            NeedsFullReplay = true;
            SnapshotProblem = _coveredSeen < snapshot.CoveredRecords
                ? $"the event log holds {snapshot.CoveredRecords - _coveredSeen} fewer of the records it covers than when it was written (damaged or removed since)"
                : $"the event log holds {_coveredSeen - snapshot.CoveredRecords} more of the records it covers than when it was written";
            return false;
        }

        try
        {
            _host.Restore(snapshot);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new StateSnapshotException($"The state snapshot could not be restored: {e.Message}", e);
        }

        RestoredRecords = snapshot.NextSequence;
        return true;
    }

    private void RestoreBase(StateSnapshot baseSnapshot)
    {
        try
        {
            _host.Restore(baseSnapshot);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new BaseSnapshotException(
                $"The base snapshot of the compacted log could not be restored ({e.Message}): run `agentobs restore-archive`, then `agentobs refresh`.", e);
        }

        RestoredRecords = baseSnapshot.NextSequence;
        RestoredFromBase = true;
    }

    private void Flush()
    {
        if (_current.IsEmpty)
        {
            return;
        }

        // Bounded: a reader far ahead of the apply thread waits rather than holding the whole log in memory.
        var batch = _current;
        batch.Seal();
        _current = _free.TryDequeue(out var reused) ? reused : new ReplayBatch();
        if (!_batches.Writer.TryWrite(batch))
        {
            _batches.Writer.WriteAsync(batch).AsTask().GetAwaiter().GetResult();
        }
    }

    private void ApplyAll()
    {
        var reader = _batches.Reader;
        while (reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            while (reader.TryRead(out var batch))
            {
                _host.Replayed(batch);
                batch.Reset();
                _free.Enqueue(batch);
            }
        }
    }
}
