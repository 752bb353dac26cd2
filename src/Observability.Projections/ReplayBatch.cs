using System.Buffers;
using System.Security.Cryptography;
using Observability.Events;

namespace Observability.Projections;

/// <summary>
/// Records read at start-up, parsed on the reading thread and applied together on the host's: their bytes in one
/// pooled buffer, the events read from it, and where the host's position stands after them. Reused across batches.
/// </summary>
internal sealed class ReplayBatch : IDisposable
{
    public const int MaxEvents = 1024;
    private const int BufferBytes = 1 << 18;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(BufferBytes);
    private int _used;
    private int _lastStart;
    private int _lastLength;
    private PropertyTable _table = new();

    public StoredEvent[] Events { get; } = new StoredEvent[MaxEvents];

    /// <summary>Events read.</summary>
    public int Count { get; private set; }

    /// <summary>Records handed over, events or not.</summary>
    public long Records { get; private set; }

    /// <summary>The sequence after the last record handed over.</summary>
    public long NextSequence { get; private set; }

    /// <summary>The SHA-256 of the last record, once <see cref="Seal"/>ed.</summary>
    public byte[]? LastRecordHash { get; private set; }

    public bool IsFull => Count == MaxEvents;

    public bool IsEmpty => Records == 0;

    /// <summary>Copies one record in and reads it; false (nothing added) when its bytes no longer fit.</summary>
    /// <param name="sequence">The record's sequence.</param>
    /// <param name="payload">Its bytes, valid only during the call.</param>
    /// <param name="readable">Whether it was an event.</param>
    public bool TryAdd(long sequence, ReadOnlySpan<byte> payload, out bool readable)
    {
        readable = false;
        if (_used + payload.Length > _buffer.Length)
        {
            if (Records > 0)
            {
                return false;
            }

            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = ArrayPool<byte>.Shared.Rent(payload.Length);
        }

        payload.CopyTo(_buffer.AsSpan(_used));
        var copy = new ReadOnlyMemory<byte>(_buffer, _used, payload.Length);
        (_lastStart, _lastLength) = (_used, payload.Length);
        _used += payload.Length;
        Records++;
        NextSequence = sequence + 1;
        if (StoredEventReader.TryRead(copy, sequence, out var e, _table))
        {
            Events[Count++] = e;
            readable = true;
        }

        return true;
    }

    /// <summary>Done adding: the last record's hash is taken while its bytes are here.</summary>
    public void Seal() => LastRecordHash = Records == 0 ? null : SHA256.HashData(_buffer.AsSpan(_lastStart, _lastLength));

    /// <summary>Empties the batch for reuse.</summary>
    public void Reset()
    {
        Array.Clear(Events, 0, Count);
        Count = 0;
        Records = 0;
        _used = 0;
        LastRecordHash = null;
        _table = new PropertyTable();
    }

    public void Dispose()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }
}
