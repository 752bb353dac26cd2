using System.Text.Json;
using System.Threading.Channels;
using Observability.EventLog;
using Observability.Ingestion.Events;

namespace Observability.Ingestion;

/// <summary>
/// A start-up replay on two cores: the log's reading thread parses and validates each record (the
/// <see cref="Handler"/>), and a second thread rebuilds the duplicate index and projects the events in
/// log order. Call <see cref="Complete"/> once the log is open.
/// </summary>
public sealed class ReplaySession : IDisposable
{
    private const int BatchSize = 1024;
    private readonly IngestionPipeline _pipeline;
    private readonly Channel<List<PipelineEvent>> _batches =
        Channel.CreateBounded<List<PipelineEvent>>(new BoundedChannelOptions(8) { SingleReader = true, SingleWriter = true });

    private readonly Task _projection;
    private List<PipelineEvent> _current = new(BatchSize);
    private StateSnapshot? _snapshot;
    private bool _lastCoveredSeen;
    private long _coveredSeen;
    private long _unreplayable;
    private bool _completed;

    internal ReplaySession(IngestionPipeline pipeline, StateSnapshot? snapshot)
    {
        _pipeline = pipeline;
        _snapshot = snapshot;
        _projection = Task.Run(ProjectAsync);
    }

    /// <summary>Give this to <c>EventLog.Open</c>.</summary>
    public RecordHandler Handler => OnRecord;

    /// <summary>Why a snapshot file was there but not used; null when there was none or it was used.</summary>
    public string? SnapshotProblem { get; internal set; }

    /// <summary>Records whose state came from the snapshot rather than replay; 0 when none was used.</summary>
    public long RestoredRecords { get; private set; }

    /// <summary>
    /// True when a snapshot looked usable but the log did not hold the records it covers as they were when it was
    /// written (a log replaced or cut since, or records damaged or removed since): nothing was projected, and the caller
    /// must close the log and replay it again without the snapshot.
    /// </summary>
    public bool NeedsFullReplay { get; private set; }

    /// <summary>Waits until every record handed over has been projected.</summary>
    public void Complete()
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
        _projection.GetAwaiter().GetResult();
        _pipeline.Replayed(0, _unreplayable);
    }

    // Runs on the reading thread before any record is handed to the projection thread, so the state is restored into
    // a pipeline nothing else has touched.
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
        // so the state is what the log holds, as any later full replay would make it. The damage is counted and
        // quarantined by the log; a client that sends such an event again gets it stored again, not refused as a
        // duplicate of an event the log cannot give back. The next snapshot covers the log as it is now, so only the
        // first start after new damage replays in full.
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
            _pipeline.Restore(snapshot);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new StateSnapshotException($"The state snapshot could not be restored: {e.Message}", e);
        }

        RestoredRecords = snapshot.NextSequence;
        return true;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (!_completed)
        {
            // Open failed part-way: stop the projection thread and drop what it had not taken.
            _completed = true;
            _batches.Writer.TryComplete();
            _projection.GetAwaiter().GetResult();
        }

        foreach (var e in _current)
        {
            e.Dispose();
        }

        _current.Clear();
    }

    private void OnRecord(long sequence, ReadOnlySpan<byte> payload)
    {
        if (NeedsFullReplay)
        {
            return;
        }

        if (_snapshot is { } snapshot)
        {
            if (sequence < snapshot.NextSequence)
            {
                // Covered by the snapshot: counted, so a record lost below it since (damaged or removed) is noticed, and
                // the last one is hashed, to prove it is the same log.
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

        JsonDocument? document = null;
        try
        {
            // ParseValue copies the record into a pooled array, given back on Dispose: no garbage per record.
            var reader = new Utf8JsonReader(payload);
            document = JsonDocument.ParseValue(ref reader);
            if (reader.Read())
            {
                // Data after the value: not a record the ingestion API wrote.
                document.Dispose();
                _unreplayable++;
                return;
            }
        }
        catch (JsonException)
        {
            document?.Dispose();
            _unreplayable++;
            return;
        }

        if (EventValidator.Validate(document.RootElement, out var envelope, out var metadata, checkCatalogue: false) is not null)
        {
            document.Dispose();
            _unreplayable++;
            return;
        }

        _current.Add(new PipelineEvent(document, envelope!, metadata));
        if (_current.Count == BatchSize)
        {
            Flush();
        }
    }

    private void Flush()
    {
        if (_current.Count == 0)
        {
            return;
        }

        // Bounded: a reader far ahead of the projection waits rather than holding the whole log in memory.
        var batch = _current;
        _current = new List<PipelineEvent>(BatchSize);
        if (!_batches.Writer.TryWrite(batch))
        {
            _batches.Writer.WriteAsync(batch).AsTask().GetAwaiter().GetResult();
        }
    }

    private async Task ProjectAsync()
    {
        await foreach (var batch in _batches.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            var replayed = 0;
            foreach (var e in batch)
            {
                using (e)
                {
                    if (_pipeline.ReplayOne(e))
                    {
                        replayed++;
                    }
                }
            }

            _pipeline.Replayed(replayed, 0);
        }
    }
}
