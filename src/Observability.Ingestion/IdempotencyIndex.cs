namespace Observability.Ingestion;

/// <summary>
/// Event ids already in the log, rebuilt by replay, so a duplicate is never counted twice, also across
/// restarts. An id is reserved before its append; a second request with the same id while the first
/// is still being written waits for that write, so "duplicate" always means "stored and durable".
/// </summary>
internal sealed class IdempotencyIndex
{
    private readonly HashSet<string> _durable = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TaskCompletionSource<bool>> _inFlight = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _durable.Count;
            }
        }
    }

    /// <summary>
    /// Per id: <see cref="Reservation.New"/> (this caller must store it, then <see cref="Complete"/>),
    /// <see cref="Reservation.Stored"/>, or <see cref="Reservation.Pending"/> with a task that says
    /// whether another request's write of it succeeded.
    /// </summary>
    public Reservation[] Reserve(IReadOnlyList<string> ids)
    {
        var result = new Reservation[ids.Count];
        lock (_lock)
        {
            for (var i = 0; i < ids.Count; i++)
            {
                var id = ids[i];
                if (_durable.Contains(id))
                {
                    result[i] = Reservation.Stored;
                }
                else if (_inFlight.TryGetValue(id, out var pending))
                {
                    result[i] = new Reservation(ReservationKind.Pending, pending.Task);
                }
                else
                {
                    _inFlight[id] = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                    result[i] = Reservation.New;
                }
            }
        }

        return result;
    }

    /// <summary>Ends reservations: durable ids become duplicates for everyone; failed ones are free again.</summary>
    public void Complete(IEnumerable<string> ids, bool stored)
    {
        var waiters = new List<TaskCompletionSource<bool>>();
        lock (_lock)
        {
            foreach (var id in ids)
            {
                if (_inFlight.Remove(id, out var pending))
                {
                    waiters.Add(pending);
                }

                if (stored)
                {
                    _durable.Add(id);
                }
            }
        }

        foreach (var waiter in waiters)
        {
            waiter.TrySetResult(stored);
        }
    }

    /// <summary>For replay: records a stored id; false if it was already there.</summary>
    public bool AddStored(string id)
    {
        lock (_lock)
        {
            return _durable.Add(id);
        }
    }

    /// <summary>The outcome of reserving one id.</summary>
    internal readonly record struct Reservation(ReservationKind Kind, Task<bool>? Pending)
    {
        public static readonly Reservation New = new(ReservationKind.New, null);
        public static readonly Reservation Stored = new(ReservationKind.Stored, null);
    }

    internal enum ReservationKind
    {
        New,
        Stored,
        Pending,
    }
}
