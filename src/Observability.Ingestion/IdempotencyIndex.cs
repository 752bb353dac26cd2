using System.Runtime.InteropServices;

namespace Observability.Ingestion;

/// <summary>
/// Event ids already in the log, rebuilt by replay, so a duplicate is never counted twice, also across
/// restarts. An id is reserved before its append; a second request with the same id while the first
/// is still being written waits for that write, so "duplicate" always means "stored and durable".
/// </summary>
/// <remarks>
/// One dictionary holds both states: a null value is a durable id, a non-null one the ticket of the batch still
/// writing it. A batch shares one ticket, so reserving and completing cost one hash lookup per id and no
/// allocation per id.
/// </remarks>
internal sealed class IdempotencyIndex
{
    private readonly Dictionary<string, Ticket?> _ids = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private int _durable;

    /// <summary>Durable ids.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _durable;
            }
        }
    }

    /// <summary>
    /// Reserves the ids of one batch: <paramref name="kinds"/>[i] says whether id i is new (now reserved under the
    /// returned ticket), already stored, or being written by another batch (<paramref name="pending"/>[i] then
    /// completes with whether that write succeeded).
    /// </summary>
    public Ticket Reserve(ReadOnlySpan<string> ids, Span<ReservationKind> kinds, Task<bool>?[] pending)
    {
        var ticket = new Ticket();
        lock (_lock)
        {
            for (var i = 0; i < ids.Length; i++)
            {
                ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_ids, ids[i], out var exists);
                if (!exists)
                {
                    slot = ticket;
                    kinds[i] = ReservationKind.New;
                }
                else if (slot is { } other)
                {
                    kinds[i] = ReservationKind.Pending;
                    pending[i] = other.Stored;
                }
                else
                {
                    kinds[i] = ReservationKind.Stored;
                }
            }
        }

        return ticket;
    }

    /// <summary>Ends the reservations of <paramref name="ids"/> made under <paramref name="ticket"/>: stored, or released.</summary>
    public void Complete(Ticket ticket, IEnumerable<string> ids, bool stored)
    {
        lock (_lock)
        {
            foreach (var id in ids)
            {
                ref var slot = ref CollectionsMarshal.GetValueRefOrNullRef(_ids, id);
                if (System.Runtime.CompilerServices.Unsafe.IsNullRef(ref slot) || !ReferenceEquals(slot, ticket))
                {
                    continue;
                }

                if (stored)
                {
                    slot = null;
                    _durable++;
                }
                else
                {
                    _ids.Remove(id);
                }
            }
        }

        ticket.Complete(stored);
    }

    /// <summary>Adds an id read back from the log; false if it was already there.</summary>
    public bool AddStored(string id)
    {
        lock (_lock)
        {
            if (!_ids.TryAdd(id, null))
            {
                return false;
            }

            _durable++;
            return true;
        }
    }

    /// <summary>The reservation of one batch's new ids; completes when their write is durable or has failed.</summary>
    internal sealed class Ticket
    {
        private readonly TaskCompletionSource<bool> _stored = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Completes with true once the batch is durable, false if its write failed.</summary>
        public Task<bool> Stored => _stored.Task;

        public void Complete(bool stored) => _stored.TrySetResult(stored);
    }

    internal enum ReservationKind
    {
        New,
        Stored,
        Pending,
    }
}
