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
    // events. The valid events are read straight into the pooled array the host later applies them from, and the ones
    // to store are compacted in place: a group of large events in lists of their own cost two large-object allocations.
    private async Task<int> IngestGroupAsync(
        EventLogFile log, ProjectionHost host, IReadOnlyList<BatchItem> items, int start, int end, BatchResultBuilder results, int malformed)
    {
        var events = ArrayPool<StoredEvent>.Shared.Rent(end - start);
        var table = new PropertyTable();
        var handed = false;
        try
        {
            var group = new Group(events, end - start);
            for (var i = start; i < end; i++)
            {
                var item = items[i];
                if (!TryRead(item, malformed >= ParseFailuresBeforeCheckingFirst, table, out events[group.Count], out var id, out var error))
                {
                    malformed += error.Malformed ? 1 : 0;
                    results.Rejected(item.Index, error.Id, error.Field, error.Reason);
                    _metrics.Rejected.Inc();
                    _metrics.RejectedByField.WithLabels(error.Field).Inc();
                }
                else
                {
                    group.Add(item.Index, id, _ids.Key(events[group.Count]));
                }
            }

            // A repeat of an id earlier in the group is a duplicate like any other: whatever happens to the first.
            var kinds = new IdempotencyIndex.ReservationKind[group.Count];
            var others = new Task<bool>?[group.Count];
            var ticket = _ids.Reserve(group.Keys, kinds, others);
            List<(int Index, string Id, Task<bool> Stored)>? waits = null;
            var stored = 0;
            for (var i = 0; i < group.Count; i++)
            {
                switch (kinds[i])
                {
                    case IdempotencyIndex.ReservationKind.New:
                        group.MoveTo(i, stored++);
                        break;
                    case IdempotencyIndex.ReservationKind.Pending:
                        (waits ??= []).Add((group.Indexes[i], group.Ids[i], others[i]!));
                        break;
                    default:
                        results.Duplicate(group.Indexes[i], group.Ids[i]);
                        _metrics.Duplicates.Inc();
                        break;
                }
            }

            // What was read but is not stored must not keep its strings alive in the pool.
            Array.Clear(events, stored, group.Count - stored);
            if (stored > 0)
            {
                handed = true;
                await StoreAsync(log, host, ticket, events, table, stored).ConfigureAwait(false);
                for (var i = 0; i < stored; i++)
                {
                    results.Accepted(group.Indexes[i], group.Ids[i]);
                }

                _metrics.Accepted.Inc(stored);
            }

            // Ids another request is still writing: "duplicate" only once that write is durable.
            foreach (var (index, id, done) in waits ?? [])
            {
                if (!await done.ConfigureAwait(false))
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
            // Handed to StoreAsync, the array and the table are the batch's: the host gives them back once it has applied
            // the events.
            if (!handed)
            {
                Array.Clear(events, 0, end - start);
                ArrayPool<StoredEvent>.Shared.Return(events);
                table.Return();
            }
        }
    }

    // The events' bytes are copied into one pooled buffer the host gives back once it has applied them: the request's
    // body is gone by then. The batch owns events (pooled, its first count stored) and the table their metadata was read
    // into from here on, also when this throws.
    private async Task StoreAsync(
        EventLogFile log, ProjectionHost host, IdempotencyIndex.Ticket ticket, StoredEvent[] events, PropertyTable table, int count)
    {
        var length = 0;
        for (var i = 0; i < count; i++)
        {
            length += events[i].Payload.Length;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(length);
        var payloads = new ReadOnlyMemory<byte>[count];
        var offset = 0;
        for (var i = 0; i < count; i++)
        {
            var payload = events[i].Payload;
            payload.CopyTo(buffer.AsMemory(offset));
            payloads[i] = new ReadOnlyMemory<byte>(buffer, offset, payload.Length);
            events[i] = events[i].At(-1, payloads[i]);
            offset += payload.Length;
        }

        var batch = new EventBatch(events, count, () =>
        {
            Array.Clear(events, 0, count);
            ArrayPool<StoredEvent>.Shared.Return(events);
            ArrayPool<byte>.Shared.Return(buffer);
            table.Return();
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
