using System.Buffers;

namespace Observability.EventLog.Internal;

/// <summary>
/// Framed records waiting for the writer loop, and the completion their caller awaits. The frames are encoded on the
/// caller's thread so the loop only copies bytes.
/// </summary>
internal sealed class PendingAppend(byte[] buffer, int length, int records)
{
    private byte[]? _buffer = buffer;

    /// <summary>The framed records: a pooled array that the writer returns once it has copied them.</summary>
    public ReadOnlySpan<byte> Frames => _buffer.AsSpan(0, length);

    public int Length => length;

    public int Records => records;

    /// <summary>Run by the writer, in log order, once the records are durable and before any caller resumes.</summary>
    public Action<long>? OnDurable { get; set; }

    /// <summary>Completes with the first record's sequence once the records are durable.</summary>
    public TaskCompletionSource<long> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static PendingAppend Encode(ReadOnlySpan<byte> payload)
    {
        var length = RecordFormat.FramedLength(payload.Length);
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        RecordFormat.Encode(payload, buffer);
        return new PendingAppend(buffer, length, 1);
    }

    public static PendingAppend Encode(IReadOnlyList<ReadOnlyMemory<byte>> payloads, int length)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        var written = 0;
        for (var i = 0; i < payloads.Count; i++)
        {
            written += RecordFormat.Encode(payloads[i].Span, buffer.AsSpan(written));
        }

        return new PendingAppend(buffer, written, payloads.Count);
    }

    public void ReturnBuffer()
    {
        if (_buffer is { } rented)
        {
            _buffer = null;
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
