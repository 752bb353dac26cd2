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
    // Items of one request that failed to parse before the rest are syntax-checked first: the parser reports an error
    // only by throwing, and a body of malformed items must not cost an exception each.
    private const int ParseFailuresBeforeCheckingFirst = 16;

    /// <summary>
    /// The most items stored in one group commit: a larger batch is stored in groups of this many, so the parsed events a
    /// request holds at a time are bounded whatever its size.
    /// </summary>
    public const int MaxItemsPerGroup = 10_000;

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

    /// <summary>
    /// Ingests a batch; every item gets a result, and valid items are kept whatever the others are. A batch of up to
    /// <see cref="MaxItemsPerGroup"/> items is stored in one group commit; a larger one in groups of that many, each
    /// durable before the next is parsed, so a request holds the parsed events of one group at a time.
    /// </summary>
    /// <exception cref="EventLogUnavailableException">
    /// The log could not store a group: nothing of it was kept, nor of the groups after it; the groups before it are
    /// stored (a retry answers their items as duplicates).
    /// </exception>
    public async Task<BatchResult> IngestAsync(IReadOnlyList<BatchItem> items, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        var log = _log ?? throw new EventLogUnavailableException("The event log is not open yet (replay in progress).");
        var results = new BatchResultBuilder(items.Count);
        var malformed = 0;
        for (var start = 0; start < items.Count; start += MaxItemsPerGroup)
        {
            var end = Math.Min(items.Count, start + MaxItemsPerGroup);
            malformed = await IngestGroupAsync(log, items, start, end, results, malformed).ConfigureAwait(false);
        }

        return results.Build();
    }

    // Items [start, end) of a batch: validated, made durable in one group commit, projected. Returns the batch's count of
    // malformed items so far. Not cancellable once handed to the log: a client that goes away does not un-store events.
    private async Task<int> IngestGroupAsync(EventLogFile log, IReadOnlyList<BatchItem> items, int start, int end, BatchResultBuilder results, int malformed)
    {
        var pending = new List<(int Index, PipelineEvent Event, ReadOnlyMemory<byte> Payload)>(end - start);
        // A single event (the common request) cannot repeat an id within its batch; across groups the duplicate index
        // finds the repeat, already stored by an earlier group.
        var seenInBatch = end - start > 1 ? new HashSet<string>(StringComparer.Ordinal) : null;
        try
        {
            for (var i = start; i < end; i++)
            {
                var item = items[i];
                var parsed = Parse(item, malformed >= ParseFailuresBeforeCheckingFirst, out var error);
                if (parsed is null)
                {
                    malformed += error.Malformed ? 1 : 0;
                    results.Rejected(item.Index, error.Id, error.Field, error.Reason);
                    _metrics.Rejected.Inc();
                    _metrics.RejectedByField.WithLabels(error.Field).Inc();
                }
                else if (seenInBatch is not null && !seenInBatch.Add(parsed.Id))
                {
                    results.Duplicate(item.Index, parsed.Id);
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
                        results.Duplicate(pending[i].Index, pending[i].Event.Id);
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
                    results.Accepted(index, e.Id);
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

                results.Duplicate(index, id);
                _metrics.Duplicates.Inc();
            }

            return malformed;
        }
        finally
        {
            foreach (var (_, e, _) in pending)
            {
                e.Dispose();
            }
        }
    }

    /// <param name="item">The item.</param>
    /// <param name="checkFirst">Check the syntax before parsing, so that a malformed item costs no exception.</param>
    /// <param name="error">Why the item was rejected, when it was.</param>
    private static PipelineEvent? Parse(BatchItem item, bool checkFirst, out Rejection error)
    {
        error = default;
        if (item.SyntaxChecked && item.SyntaxError is { } syntax)
        {
            error = new Rejection(null, string.Empty, syntax, Malformed: true);
            return null;
        }

        var json = item.Json.Span;

        // The JSON reader leaves string contents to whoever reads them; checked here, bad text is a clear rejection of
        // this item instead of an exception half-way through it.
        if (!Utf8.IsValid(json))
        {
            error = new Rejection(null, string.Empty, $"not valid UTF-8: the first bad byte is byte {FirstInvalidUtf8(json) + 1}");
            return null;
        }

        // Only an object can be an event: anything else is refused without building a document for it (a body of a
        // million one-character lines is a million items). The splitter checked the syntax of an array's elements.
        var first = json.IndexOfAnyExcept(" \t\r\n"u8);
        if (first < 0 || json[first] != '{' || (checkFirst && !item.SyntaxChecked))
        {
            var kind = item.SyntaxChecked && first >= 0 ? JsonSyntax.KindOf(json[first]) : JsonValueKind.Undefined;
            if (kind == JsonValueKind.Undefined)
            {
                var check = JsonSyntax.Check(json);
                if (check.Reason is { } reason)
                {
                    error = new Rejection(null, string.Empty, reason, Malformed: true);
                    return null;
                }

                kind = check.Kind;
            }

            if (kind != JsonValueKind.Object)
            {
                var notAnObject = EventValidator.NotAnObject(kind);
                error = new Rejection(null, notAnObject.Field, notAnObject.Reason);
                return null;
            }
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(item.Json);
        }
        catch (JsonException e)
        {
            // The exception says only that it failed; the check says where and why in the same words as for any item.
            error = new Rejection(null, string.Empty, JsonSyntax.Check(json).Reason ?? $"malformed JSON: {e.Message}", Malformed: true);
            return null;
        }

        if (!JsonText.AllReadable(json, document.RootElement))
        {
            document.Dispose();
            error = new Rejection(null, string.Empty, "a string holds a \\u escape that is not valid Unicode (a lone surrogate)");
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
            error = new Rejection(id, problem.Field, problem.Reason);
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

    /// <summary>Why an item was rejected.</summary>
    /// <param name="Id">Its id, when it had a readable one.</param>
    /// <param name="Field">The offending field (empty for the whole item).</param>
    /// <param name="Reason">What is wrong.</param>
    /// <param name="Malformed">Whether it is not JSON at all.</param>
    private readonly record struct Rejection(string? Id, string Field, string Reason, bool Malformed = false);
}
