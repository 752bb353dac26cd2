using System.Text;
using Observability.Events;
using Observability.Projections;

namespace Observability.Ingestion;

/// <summary>
/// Event ids already in the log, rebuilt by replay, so a duplicate is never stored twice, also across
/// restarts. An id is reserved before its append; a second request with the same id while the first
/// is still being written waits for that write, so "duplicate" always means "stored and durable".
/// </summary>
/// <remarks>
/// <para>
/// Durable ids are in a <see cref="StoredIdSet"/>, flat and free of references however many there are; the ids of
/// batches still being written are in a small dictionary beside it, each with its batch's ticket. A batch shares one
/// ticket, so reserving and completing cost no allocation per id.
/// </para>
/// <para>
/// Ids are kept as 128-bit keyed hashes (two SipHash-2-4 values under keys drawn at start), not as strings: the index
/// holds every id of the log, and a string per id cost about 70 bytes more per stored event and millions of objects
/// for the garbage collector to trace. Two different ids share a key with probability about n²/2¹²⁹ (10⁻²⁰ for ten
/// billion ids); the keys are secret, drawn at the first start and kept from then on only in the state snapshot (an
/// owner-only file in the data directory), so a sender cannot aim at another's id. A start without a usable snapshot
/// rebuilds the index from the log under new keys.
/// </para>
/// </remarks>
internal sealed class IdempotencyIndex : IDuplicateFilter
{
    private readonly StoredIdSet _stored = new();
    private readonly Dictionary<UInt128, Ticket> _pending = [];
    private readonly Lock _lock = new();
    private ulong _k0 = SipHash.RandomKey();
    private ulong _k1 = SipHash.RandomKey();
    private ulong _k2 = SipHash.RandomKey();
    private ulong _k3 = SipHash.RandomKey();

    // The log position whose ids the index holds: every record before it, none after.
    private long _position;

    /// <summary>Durable ids.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _stored.Count;
            }
        }
    }

    /// <summary>
    /// Reserves the ids of one batch: <paramref name="kinds"/>[i] says whether id i is new (now reserved under the
    /// returned ticket), already stored, being written by another batch (<paramref name="pending"/>[i] then
    /// completes with whether that write succeeded), or a repeat of an id earlier in the same batch.
    /// </summary>
    public Ticket Reserve(ReadOnlySpan<string> ids, Span<ReservationKind> kinds, Task<bool>?[] pending)
    {
        var keys = new UInt128[ids.Length];
        for (var i = 0; i < ids.Length; i++)
        {
            keys[i] = Key(ids[i]);
        }

        return Reserve(keys, kinds, pending);
    }

    /// <summary>
    /// Reserves the ids of one batch by their keys (<see cref="Key(in StoredEvent)"/>), as the overload by id does; the
    /// ticket holds <paramref name="keys"/>, which must not change until it is completed.
    /// </summary>
    public Ticket Reserve(ReadOnlyMemory<UInt128> keys, Span<ReservationKind> kinds, Task<bool>?[] pending)
    {
        var ticket = new Ticket(keys);
        var span = keys.Span;
        lock (_lock)
        {
            for (var i = 0; i < span.Length; i++)
            {
                if (_pending.TryGetValue(span[i], out var holder))
                {
                    if (ReferenceEquals(holder, ticket))
                    {
                        kinds[i] = ReservationKind.Repeated;
                    }
                    else
                    {
                        kinds[i] = ReservationKind.Pending;
                        pending[i] = holder.Stored;
                    }
                }
                else if (_stored.Contains(span[i]))
                {
                    kinds[i] = ReservationKind.Stored;
                }
                else
                {
                    _pending.Add(span[i], ticket);
                    kinds[i] = ReservationKind.New;
                }
            }
        }

        return ticket;
    }

    /// <inheritdoc />
    public int Version => 1;

    /// <summary>Ends the reservations made under <paramref name="ticket"/>: stored, or released.</summary>
    /// <param name="ticket">The batch's reservation.</param>
    /// <param name="stored">Whether its records are durable.</param>
    /// <param name="nextSequence">When stored: the sequence after the batch's last record.</param>
    public void Complete(Ticket ticket, bool stored, long nextSequence = 0)
    {
        lock (_lock)
        {
            if (stored)
            {
                _position = Math.Max(_position, nextSequence);
            }

            // Only this ticket's own reservations are touched: ids another batch holds, or stored already, are skipped.
            foreach (var key in ticket.Keys.Span)
            {
                if (!_pending.TryGetValue(key, out var holder) || !ReferenceEquals(holder, ticket))
                {
                    continue;
                }

                _pending.Remove(key);
                if (stored)
                {
                    _stored.Add(key);
                }
            }
        }

        ticket.Complete(stored);
    }

    /// <summary>Adds an id read back from the log; false if it was already there.</summary>
    public bool AddStored(string id) => AddStored(Key(id), 0);

    /// <inheritdoc />
    public bool Admit(in StoredEvent e) => AddStored(Key(e), e.Sequence + 1);

    /// <inheritdoc />
    public long WriteState(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        WriteTo(writer, out var position);
        return position;
    }

    /// <inheritdoc />
    public long ReadState(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ReadFrom(reader);
        return _position;
    }

    private bool AddStored(UInt128 key, long nextSequence)
    {
        lock (_lock)
        {
            _position = Math.Max(_position, nextSequence);
            if (_pending.ContainsKey(key) || !_stored.Add(key))
            {
                return false;
            }

            return true;
        }
    }

    /// <summary>
    /// Writes the position, the hash keys and every durable id's key, consistently: taken under the lock, so a batch
    /// made durable meanwhile is in it whole (ids and position) or not at all.
    /// </summary>
    internal void WriteTo(BinaryWriter writer, out long position)
    {
        lock (_lock)
        {
            position = _position;
            writer.Write(_position);
            writer.Write(_k0);
            writer.Write(_k1);
            writer.Write(_k2);
            writer.Write(_k3);
            writer.Write(_stored.Count);
            // Reservations still pending are not durable ids (none exist once ingestion has stopped), and are not written.
            foreach (var key in _stored.Keys())
            {
                writer.Write((ulong)key);
                writer.Write((ulong)(key >> 64));
            }
        }
    }

    /// <summary>Replaces this (empty) index with one written by <see cref="WriteTo"/>, keys included.</summary>
    internal void ReadFrom(BinaryReader reader)
    {
        lock (_lock)
        {
            if (_stored.Count != 0 || _pending.Count != 0)
            {
                throw new InvalidOperationException("A snapshot is restored into an empty index only.");
            }

            // The ids are stored as keys, so the keys they were hashed under come back with them.
            _position = reader.ReadInt64();
            _k0 = reader.ReadUInt64();
            _k1 = reader.ReadUInt64();
            _k2 = reader.ReadUInt64();
            _k3 = reader.ReadUInt64();
            var count = reader.ReadInt32();
            if (count < 0)
            {
                throw new InvalidDataException($"The snapshot's id count {count} is negative.");
            }

            // Room is made before the ids are read, so a count the file cannot hold is refused rather than allocated.
            if (reader.BaseStream.CanSeek && (reader.BaseStream.Length - reader.BaseStream.Position) / 16 < count)
            {
                throw new InvalidDataException($"The snapshot's id count {count} is more than its remaining bytes hold.");
            }

            _stored.EnsureCapacity(count);
            for (var i = 0; i < count; i++)
            {
                var low = reader.ReadUInt64();
                var high = reader.ReadUInt64();
                if (!_stored.Add(new UInt128(high, low)))
                {
                    throw new InvalidDataException("The snapshot holds an id twice.");
                }
            }
        }
    }

    /// <summary>The 128-bit key of an id: two SipHash values of its UTF-8 under this index's keys.</summary>
    internal UInt128 Key(string id)
    {
        // Ids are at most StoredEventReader.MaxIdLength characters, so this stays on the stack.
        var byteCount = Encoding.UTF8.GetMaxByteCount(id.Length);
        Span<byte> utf8 = byteCount <= 1024 ? stackalloc byte[byteCount] : new byte[byteCount];
        var length = Encoding.UTF8.GetBytes(id, utf8);
        return Key(utf8[..length]);
    }

    /// <summary>The key of an event's id, hashed from the UTF-8 it was read from: the same key as <see cref="Key(string)"/>.</summary>
    internal UInt128 Key(in StoredEvent e)
    {
        var length = e.IdUtf8MaxLength;
        Span<byte> utf8 = length <= 1024 ? stackalloc byte[length] : new byte[length];
        return Key(utf8[..e.IdUtf8(utf8)]);
    }

    private UInt128 Key(ReadOnlySpan<byte> utf8) => new(SipHash.Hash(_k0, _k1, utf8), SipHash.Hash(_k2, _k3, utf8));

    /// <summary>The reservation of one batch's new ids; completes when their write is durable or has failed.</summary>
    /// <param name="keys">The keys of the batch's ids; only those reserved under this ticket are completed by it.</param>
    internal sealed class Ticket(ReadOnlyMemory<UInt128> keys)
    {
        private readonly TaskCompletionSource<bool> _stored = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ReadOnlyMemory<UInt128> Keys { get; } = keys;

        /// <summary>Completes with true once the batch is durable, false if its write failed.</summary>
        public Task<bool> Stored => _stored.Task;

        public void Complete(bool stored) => _stored.TrySetResult(stored);
    }

    internal enum ReservationKind
    {
        New,
        Stored,
        Pending,

        /// <summary>The id appeared earlier in the same batch.</summary>
        Repeated,
    }
}
