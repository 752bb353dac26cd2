using System.Buffers;
using Observability.Events;
using Observability.Ingestion.Batches;
using Observability.Metrics;
using Observability.Projections;
using EventLogFile = Observability.EventLog.EventLog;

namespace Observability.Ingestion;

/// <summary>
/// The writer only writes: it validates a batch item by item (each into a <see cref="StoredEvent"/>, read once), drops
/// duplicates, and makes the rest durable in one group commit. Once a group is durable the log's writer thread hands
/// its events, already read, to the <see cref="ProjectionHost"/>, which applies them on its own thread: nothing derived
/// sits on the fsync path.
/// </summary>
public sealed partial class IngestionWriter
{
    /// <summary>
    /// The most items stored in one group commit: a larger batch is stored in groups of this many, so the events a
    /// request holds at a time are bounded whatever its size.
    /// </summary>
    public const int MaxItemsPerGroup = 10_000;

    /// <summary>
    /// Live events the host may have waiting before a writer waits for it: memory for events in flight is bounded by
    /// this, not by how far ingestion can outrun the projections.
    /// </summary>
    public const long MaxBacklog = 200_000;

    // Items of one request that failed to parse before the rest are syntax-checked first: the parser reports an error
    // only by throwing, and a body of malformed items must not cost an exception each.
    private const int ParseFailuresBeforeCheckingFirst = 16;

    private readonly IdempotencyIndex _ids = new();
    private readonly IngestionMetrics _metrics;
    private EventLogFile? _log;
    private ProjectionHost? _host;

    /// <summary>Creates the writer; its self-metrics go to <paramref name="registry"/>.</summary>
    public IngestionWriter(MetricRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        _metrics = new IngestionMetrics(registry);
    }

    /// <summary>The ids already in the log: give it to the host, which rebuilds and snapshots it.</summary>
    public IDuplicateFilter Duplicates => _ids;

    /// <summary>Distinct event ids stored.</summary>
    public int StoredIds => _ids.Count;

    /// <summary>Where accepted events are appended and who applies them; set once the log is open and replayed.</summary>
    public void Attach(EventLogFile log, ProjectionHost host)
    {
        _host = host ?? throw new ArgumentNullException(nameof(host));
        _log = log ?? throw new ArgumentNullException(nameof(log));
    }

    /// <summary>
    /// Ingests a batch; every item gets a result, and valid items are kept whatever the others are. A batch of up to
    /// <see cref="MaxItemsPerGroup"/> items is stored in one group commit; a larger one in groups of that many, each
    /// durable before the next is read, so a request holds the events of one group at a time.
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
            malformed = await IngestGroupAsync(log, _host!, items, start, end, results, malformed).ConfigureAwait(false);
        }

        return results.Build();
    }

    // Items [start, end) of a batch: validated, made durable in one group commit, handed to the host. Returns the batch's
    // count of malformed items so far. Not cancellable once handed to the log: a client that goes away does not un-store
    // events.
    private async Task<int> IngestGroupAsync(
        EventLogFile log, ProjectionHost host, IReadOnlyList<BatchItem> items, int start, int end, BatchResultBuilder results, int malformed)
    {
        var pending = new List<(int Index, StoredEvent Event, string Id)>(end - start);
        var table = new PropertyTable();

        // A single event (the common request) cannot repeat an id within its batch; across groups the duplicate index
        // finds the repeat, already stored by an earlier group.
        var seenInBatch = end - start > 1 ? new HashSet<string>(StringComparer.Ordinal) : null;
        for (var i = start; i < end; i++)
        {
            var item = items[i];
            if (!TryRead(item, malformed >= ParseFailuresBeforeCheckingFirst, table, out var e, out var id, out var error))
            {
                malformed += error.Malformed ? 1 : 0;
                results.Rejected(item.Index, error.Id, error.Field, error.Reason);
                _metrics.Rejected.Inc();
                _metrics.RejectedByField.WithLabels(error.Field).Inc();
            }
            else if (seenInBatch is not null && !seenInBatch.Add(id))
            {
                results.Duplicate(item.Index, id);
                _metrics.Duplicates.Inc();
            }
            else
            {
                pending.Add((item.Index, e, id));
            }
        }

        var ids = new string[pending.Count];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = pending[i].Id;
        }

        var kinds = new IdempotencyIndex.ReservationKind[ids.Length];
        var others = new Task<bool>?[ids.Length];
        var ticket = _ids.Reserve(ids, kinds, others);
        var toStore = new List<(int Index, StoredEvent Event, string Id)>(pending.Count);
        List<(int Index, string Id, Task<bool> Stored)>? waits = null;
        for (var i = 0; i < pending.Count; i++)
        {
            switch (kinds[i])
            {
                case IdempotencyIndex.ReservationKind.New:
                    toStore.Add(pending[i]);
                    break;
                case IdempotencyIndex.ReservationKind.Pending:
                    (waits ??= []).Add((pending[i].Index, pending[i].Id, others[i]!));
                    break;
                default:
                    results.Duplicate(pending[i].Index, pending[i].Id);
                    _metrics.Duplicates.Inc();
                    break;
            }
        }

        if (toStore.Count > 0)
        {
            await StoreAsync(log, host, ticket, toStore).ConfigureAwait(false);
            foreach (var (index, _, id) in toStore)
            {
                results.Accepted(index, id);
            }

            _metrics.Accepted.Inc(toStore.Count);
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

    // The events' bytes are copied into one pooled buffer the host gives back once it has applied them: the request's
    // body is gone by then.
    private async Task StoreAsync(
        EventLogFile log, ProjectionHost host, IdempotencyIndex.Ticket ticket, List<(int Index, StoredEvent Event, string Id)> toStore)
    {
        var length = 0;
        foreach (var (_, e, _) in toStore)
        {
            length += e.Payload.Length;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(length);
        var events = ArrayPool<StoredEvent>.Shared.Rent(toStore.Count);
        var payloads = new ReadOnlyMemory<byte>[toStore.Count];
        var offset = 0;
        for (var i = 0; i < toStore.Count; i++)
        {
            var e = toStore[i].Event;
            e.Payload.CopyTo(buffer.AsMemory(offset));
            payloads[i] = new ReadOnlyMemory<byte>(buffer, offset, e.Payload.Length);
            events[i] = e.At(-1, payloads[i]);
            offset += e.Payload.Length;
        }

        var count = toStore.Count;
        var batch = new EventBatch(events, count, () =>
        {
            Array.Clear(events, 0, count);
            ArrayPool<StoredEvent>.Shared.Return(events);
            ArrayPool<byte>.Shared.Return(buffer);
        });
        try
        {
            // Back-pressure: a host far behind makes the writers wait here, not the log's writer thread.
            if (host.Backlog >= MaxBacklog)
            {
                await host.WaitForBacklogBelowAsync(MaxBacklog).ConfigureAwait(false);
            }

            // The log's writer marks the ids stored and hands the events to the host once durable, in log order:
            // concurrent requests then derive what a replay of the log derives, and once the log is closed the host has
            // every durable event. Not cancellable once handed over: a client that goes away does not un-store its events.
            await log.AppendBatchAsync(payloads, first =>
            {
                _ids.Complete(ticket, stored: true, first + count);
                batch.FirstSequence = first;
                host.Enqueue(batch);
            }, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ObjectDisposedException or InvalidOperationException)
        {
            _ids.Complete(ticket, stored: false);
            if (batch.FirstSequence < 0)
            {
                batch.Release();
            }

            throw new EventLogUnavailableException($"The event log could not store the batch: {e.Message}", e);
        }
    }
}
