using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using Observability.EventLog;
using Observability.Ingestion.Batches;
using Observability.Ingestion.Events;
using Observability.Ingestion.Mapping;
using Observability.Ingestion.Projection;
using Observability.Metrics;
using EventLogFile = Observability.EventLog.EventLog;

namespace Observability.Ingestion;

/// <summary>
/// Validates a batch item by item, drops duplicates, makes the rest durable in one group commit, and only
/// then projects them into metrics. Replay at start goes through the same projection, so counters
/// continue across restarts.
/// </summary>
public sealed class IngestionPipeline
{
    private readonly IdempotencyIndex _ids = new();
    private readonly MetricProjector _projector;
    private readonly IngestionMetrics _metrics;
    private readonly string _fingerprint;
    private EventLogFile? _log;

    /// <summary>Creates the pipeline; the mapping's families must already be in <paramref name="registry"/>.</summary>
    public IngestionPipeline(MetricRegistry registry, MetricMapping mapping)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(mapping);
        _projector = new MetricProjector(registry, mapping);
        _metrics = new IngestionMetrics(registry);
        var options = registry.Options;
        // The code that derives the state is part of it too: a new build replays the log once rather than trust a
        // state an older projection made. The module ids are the same for every build of the same sources.
        var code = $"{typeof(IngestionPipeline).Assembly.ManifestModule.ModuleVersionId}|{typeof(MetricRegistry).Assembly.ManifestModule.ModuleVersionId}";
        _fingerprint = $"{mapping.Fingerprint}|{options.Namespace}|{options.MaxSeriesPerFamily}|{options.MaxLabelValueLength}|{code}";
    }

    /// <summary>Task outcomes of the last 24 hours before <paramref name="now"/> (seed 001's health summary).</summary>
    public Projection.TaskSummary DailySummary(DateTimeOffset now) => _projector.Daily.Summarize(now);

    /// <summary>Runs before each event's metric updates; tests use it to make one fail.</summary>
    internal Action<PipelineEvent>? BeforeProject { get; set; }

    /// <summary>Distinct event ids stored.</summary>
    public int StoredIds => _ids.Count;

    /// <summary>
    /// Starts a replay: pass <see cref="ReplaySession.Handler"/> to <c>EventLog.Open</c>, then call
    /// <see cref="ReplaySession.Complete"/>.
    /// </summary>
    public ReplaySession BeginReplay() => new(this, null);

    /// <summary>
    /// Starts a replay that restores the state snapshot at <paramref name="snapshotPath"/>, if there is a usable one,
    /// and replays only the records after it; see <see cref="ReplaySession.NeedsFullReplay"/>.
    /// </summary>
    public ReplaySession BeginReplay(string snapshotPath)
    {
        var snapshot = StateSnapshot.TryRead(snapshotPath, _fingerprint, out var problem);
        return new ReplaySession(this, snapshot) { SnapshotProblem = problem };
    }

    /// <summary>
    /// Writes the derived state (duplicate index, projection state, the mapped families' series) to
    /// <paramref name="path"/> as covering the log's records before <paramref name="nextSequence"/>, of which the log
    /// holds <paramref name="coveredRecords"/> readable (fewer when it holds damage or a gap) and the last is
    /// <paramref name="lastRecord"/>. Call only once the log is closed: every durable batch has then been projected and
    /// its ids marked stored by the log's writer, and no other batch can become durable.
    /// </summary>
    public void WriteSnapshot(string path, long nextSequence, long coveredRecords, ReadOnlySpan<byte> lastRecord)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(coveredRecords);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(coveredRecords, nextSequence);
        var lastHash = nextSequence == 0 ? new byte[32] : StateSnapshot.HashOf(lastRecord);
        StateSnapshot.Write(path, _fingerprint, nextSequence, coveredRecords, lastHash, writer =>
        {
            _ids.WriteTo(writer);
            _projector.WriteTo(writer);
        });
    }

    /// <summary>Restores a snapshot's state into this fresh pipeline (replay calls it before the first later record).</summary>
    internal void Restore(StateSnapshot snapshot)
    {
        snapshot.ReadState(reader =>
        {
            _ids.ReadFrom(reader);
            _projector.ReadFrom(reader);
        });
        _metrics.SnapshotRecords.Set(snapshot.NextSequence);
        _metrics.OpenItems.Set(_projector.OpenItems);
    }

    /// <summary>Where accepted events are appended; set once the log is open and replayed.</summary>
    public void Attach(EventLogFile log) => _log = log ?? throw new ArgumentNullException(nameof(log));

    /// <summary>Ingests a batch; every item gets a result, and valid items are kept whatever the others are.</summary>
    /// <exception cref="EventLogUnavailableException">The log could not store the batch; none of it was kept.</exception>
    public async Task<BatchResult> IngestAsync(IReadOnlyList<BatchItem> items, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        var log = _log ?? throw new EventLogUnavailableException("The event log is not open yet (replay in progress).");
        var results = new ItemResult[items.Count];
        var pending = new List<(int Index, PipelineEvent Event, ReadOnlyMemory<byte> Payload)>(items.Count);
        // A single event (the common request) cannot repeat an id within its batch.
        var seenInBatch = items.Count > 1 ? new HashSet<string>(StringComparer.Ordinal) : null;
        try
        {
            foreach (var item in items)
            {
                var parsed = Parse(item, out var error);
                if (parsed is null)
                {
                    results[item.Index] = error!;
                    _metrics.Rejected.Inc();
                    _metrics.RejectedByField.WithLabels(error!.Field ?? string.Empty).Inc();
                }
                else if (seenInBatch is not null && !seenInBatch.Add(parsed.Id))
                {
                    results[item.Index] = new ItemResult(item.Index, parsed.Id, ItemResult.Duplicate);
                    _metrics.Duplicates.Inc();
                    parsed.Dispose();
                }
                else
                {
                    pending.Add((item.Index, parsed, Compact(item.Json, parsed)));
                }
            }

            var ids = new string[pending.Count];
            for (var i = 0; i < ids.Length; i++)
            {
                ids[i] = pending[i].Event.Id;
            }

            var kinds = new IdempotencyIndex.ReservationKind[ids.Length];
            var others = new Task<bool>?[ids.Length];
            var ticket = _ids.Reserve(ids, kinds, others);
            var toStore = new List<(int Index, PipelineEvent Event, ReadOnlyMemory<byte> Payload)>(pending.Count);
            List<(int Index, string Id, Task<bool> Stored)>? waits = null;
            for (var i = 0; i < pending.Count; i++)
            {
                switch (kinds[i])
                {
                    case IdempotencyIndex.ReservationKind.New:
                        toStore.Add(pending[i]);
                        break;
                    case IdempotencyIndex.ReservationKind.Pending:
                        (waits ??= []).Add((pending[i].Index, pending[i].Event.Id, others[i]!));
                        break;
                    default:
                        results[pending[i].Index] = new ItemResult(pending[i].Index, pending[i].Event.Id, ItemResult.Duplicate);
                        _metrics.Duplicates.Inc();
                        break;
                }
            }

            if (toStore.Count > 0)
            {
                var payloads = new ReadOnlyMemory<byte>[toStore.Count];
                for (var i = 0; i < payloads.Length; i++)
                {
                    payloads[i] = toStore[i].Payload;
                }

                try
                {
                    // The log's writer marks the ids stored and projects the events once durable, in log order:
                    // concurrent requests then derive what a replay of the log derives (a start before its end, the last
                    // gauge set), and once the log is closed the state is complete for a snapshot. Stored is stored:
                    // each event is accepted whatever its metric updates do (Project catches).
                    // Not cancellable once handed over: a client that goes away does not un-store its events.
                    await log.AppendBatchAsync(payloads, _ => Stored(ticket, toStore), CancellationToken.None).ConfigureAwait(false);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or ObjectDisposedException or InvalidOperationException)
                {
                    _ids.Complete(ticket, stored: false);
                    throw new EventLogUnavailableException($"The event log could not store the batch: {e.Message}", e);
                }

                foreach (var (index, e, _) in toStore)
                {
                    results[index] = new ItemResult(index, e.Id, ItemResult.Accepted);
                }

                _metrics.Accepted.Inc(toStore.Count);
                _metrics.OpenItems.Set(_projector.OpenItems);
            }

            // Ids another request is still writing: "duplicate" only once that write is durable.
            foreach (var (index, id, stored) in waits ?? [])
            {
                if (!await stored.ConfigureAwait(false))
                {
                    throw new EventLogUnavailableException(
                        $"Event '{id}' was being stored by another request whose write failed; retry (ids make retries safe).");
                }

                results[index] = new ItemResult(index, id, ItemResult.Duplicate);
                _metrics.Duplicates.Inc();
            }

            return new BatchResult(results);
        }
        finally
        {
            foreach (var (_, e, _) in pending)
            {
                e.Dispose();
            }
        }
    }

    private static PipelineEvent? Parse(BatchItem item, out ItemResult? error)
    {
        error = null;
        if (item.SyntaxChecked && item.SyntaxError is { } syntax)
        {
            error = new ItemResult(item.Index, null, ItemResult.Rejected, string.Empty, syntax);
            return null;
        }

        // The JSON reader leaves string contents to whoever reads them; checked here, bad text is a clear rejection of
        // this item instead of an exception half-way through it.
        if (!Utf8.IsValid(item.Json.Span))
        {
            error = new ItemResult(
                item.Index, null, ItemResult.Rejected, string.Empty, $"not valid UTF-8: the first bad byte is byte {FirstInvalidUtf8(item.Json.Span) + 1}");
            return null;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(item.Json);
        }
        catch (JsonException e)
        {
            // Only now is an NDJSON line's syntax checked, for the splitter's wording of where and why.
            error = new ItemResult(item.Index, null, ItemResult.Rejected, string.Empty, item.SyntaxError ?? $"malformed JSON: {e.Message}");
            return null;
        }

        if (!JsonText.AllReadable(item.Json.Span, document.RootElement))
        {
            document.Dispose();
            error = new ItemResult(item.Index, null, ItemResult.Rejected, string.Empty, "a string holds a \\u escape that is not valid Unicode (a lone surrogate)");
            return null;
        }

        var problem = EventValidator.Validate(document.RootElement, out var envelope, out var metadata);

        if (problem is not null)
        {
            var id = document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("id", out var idElement) && idElement.ValueKind == JsonValueKind.String
                    ? idElement.GetString()
                    : null;
            document.Dispose();
            error = new ItemResult(item.Index, id, ItemResult.Rejected, problem.Field, problem.Reason);
            return null;
        }

        return new PipelineEvent(document, envelope!, metadata);
    }

    private static int FirstInvalidUtf8(ReadOnlySpan<byte> text)
    {
        var position = 0;
        while (position < text.Length)
        {
            if (Rune.DecodeFromUtf8(text[position..], out _, out var consumed) != OperationStatus.Done)
            {
                return position;
            }

            position += consumed;
        }

        return position;
    }

    // A log record is one line: items from a pretty-printed array are re-written compactly.
    private static ReadOnlyMemory<byte> Compact(ReadOnlyMemory<byte> json, PipelineEvent e)
    {
        if (json.Span.IndexOfAny((byte)'\n', (byte)'\r') < 0)
        {
            return json;
        }

        var buffer = new ArrayBufferWriter<byte>(json.Length);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            e.Root.WriteTo(writer);
        }

        return buffer.WrittenMemory;
    }

    // Runs on the log's writer thread, in log order, before the batch's caller resumes.
    private void Stored(IdempotencyIndex.Ticket ticket, List<(int Index, PipelineEvent Event, ReadOnlyMemory<byte> Payload)> stored)
    {
        // Waiters on these ids learn they are durable even if a metric update below fails.
        _ids.Complete(ticket, stored: true);
        foreach (var (_, e, _) in stored)
        {
            Project(e, withExemplar: true);
        }
    }

    /// <summary>Replays one stored event: false if its id was already replayed.</summary>
    internal bool ReplayOne(PipelineEvent e)
    {
        if (!_ids.AddStored(e.Id))
        {
            return false;
        }

        // Exemplars point at recent events; a replay's would only be overwritten by the next live ones.
        Project(e, withExemplar: false);
        return true;
    }

    // One event's fault (a mapping an operator wrote, a bug) must not cost the other events of its batch their
    // metrics, nor the client a 500 for events already on disk. It is counted; a start that replays the log (a new
    // build invalidates the state snapshot) projects it again.
    private void Project(PipelineEvent e, bool withExemplar)
    {
        try
        {
            BeforeProject?.Invoke(e);
            _projector.Project(e, withExemplar);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            _metrics.Unprojected.Inc();
        }
    }

    internal void Replayed(int events, long unreplayable)
    {
        _metrics.Replayed.Inc(events);
        _metrics.Unreplayable.Inc(unreplayable);
        _metrics.OpenItems.Set(_projector.OpenItems);
    }
}
