using System.Threading.Channels;
using Observability.EventLog.Internal;

namespace Observability.EventLog;

/// <content>Appending, and shutting the writer down.</content>
public sealed partial class EventLog
{
    /// <summary>
    /// Appends one record and completes once it is written and fsynced, returning its sequence number. Concurrent
    /// appends share one write and one fsync (group commit).
    /// </summary>
    /// <param name="payload">One line of UTF-8 JSON; a raw <c>\n</c> or <c>\r</c> is rejected.</param>
    /// <param name="cancellationToken">Stops waiting; a record already queued may still be written.</param>
    /// <returns>The record's sequence number.</returns>
    /// <exception cref="ArgumentException">The payload contains a line break.</exception>
    /// <exception cref="ObjectDisposedException">The log is disposed.</exception>
    /// <exception cref="IOException">The write or fsync failed; the record is not in the log.</exception>
    public ValueTask<long> AppendAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        RecordFormat.ValidatePayload(payload.Span, nameof(payload));
        cancellationToken.ThrowIfCancellationRequested();
        return EnqueueAsync(PendingAppend.Encode(payload.Span), cancellationToken);
    }

    /// <summary>
    /// Appends several records contiguously, in list order, as part of one group commit: they become durable
    /// together and take consecutive sequence numbers. Completes once all are written and fsynced.
    /// </summary>
    /// <param name="payloads">At least one payload, each one line of UTF-8 JSON.</param>
    /// <param name="cancellationToken">Stops waiting; a batch already queued may still be written.</param>
    /// <returns>The first record's sequence number; the others follow it.</returns>
    /// <exception cref="ArgumentException">The list is empty, or a payload contains a line break.</exception>
    /// <exception cref="ObjectDisposedException">The log is disposed.</exception>
    /// <exception cref="IOException">The write or fsync failed; none of the records is in the log.</exception>
    public ValueTask<long> AppendBatchAsync(IReadOnlyList<ReadOnlyMemory<byte>> payloads, CancellationToken cancellationToken = default) =>
        AppendBatchAsync(payloads, onDurable: null, cancellationToken);

    /// <summary>
    /// Appends several records as <see cref="AppendBatchAsync(IReadOnlyList{ReadOnlyMemory{byte}}, CancellationToken)"/>
    /// does, and runs <paramref name="onDurable"/> with the first record's sequence once they are durable: on the writer
    /// thread, in log order across all appends, before any append of the group completes. So whatever it derives
    /// from the records is derived in the order a replay of the log will see them. Keep it short: the next group
    /// waits for it. An exception from it is swallowed; the append still succeeds.
    /// </summary>
    /// <param name="payloads">At least one payload, each one line of UTF-8 JSON.</param>
    /// <param name="onDurable">Called once the records are durable; not called if the write fails.</param>
    /// <param name="cancellationToken">Stops waiting; a batch already queued may still be written.</param>
    /// <returns>The first record's sequence number; the others follow it.</returns>
    /// <exception cref="ArgumentException">The list is empty, or a payload contains a line break.</exception>
    /// <exception cref="ObjectDisposedException">The log is disposed.</exception>
    /// <exception cref="IOException">The write or fsync failed; none of the records is in the log.</exception>
    public ValueTask<long> AppendBatchAsync(IReadOnlyList<ReadOnlyMemory<byte>> payloads, Action<long>? onDurable, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        ArgumentNullException.ThrowIfNull(payloads);
        if (payloads.Count == 0)
        {
            throw new ArgumentException("A batch needs at least one payload.", nameof(payloads));
        }

        long length = 0;
        for (var i = 0; i < payloads.Count; i++)
        {
            RecordFormat.ValidatePayload(payloads[i].Span, nameof(payloads));
            length += RecordFormat.FramedLength(payloads[i].Length);
        }

        if (length > Array.MaxLength)
        {
            throw new ArgumentException($"A batch may be at most {Array.MaxLength} bytes framed, was {length}.", nameof(payloads));
        }

        cancellationToken.ThrowIfCancellationRequested();
        var pending = PendingAppend.Encode(payloads, (int)length);
        pending.OnDurable = onDurable;
        return EnqueueAsync(pending, cancellationToken);
    }

    /// <summary>
    /// Stops accepting appends, lets the writer loop write and fsync everything already queued, and closes the file.
    /// Appends after this throw <see cref="ObjectDisposedException"/>.
    /// </summary>
    /// <returns>A task that completes when the file is closed.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _queue.Writer.TryComplete();
        }

        await _writer.Stopped.ConfigureAwait(false);
        _lock.Dispose();
    }

    private async ValueTask<long> EnqueueAsync(PendingAppend item, CancellationToken cancellationToken)
    {
        if (!_queue.Writer.TryWrite(item))
        {
            try
            {
                await _queue.Writer.WriteAsync(item, cancellationToken).ConfigureAwait(false);
            }
            catch (ChannelClosedException)
            {
                item.ReturnBuffer();
                throw new ObjectDisposedException(GetType().FullName, "The event log was disposed before the append was queued.");
            }
            catch (OperationCanceledException)
            {
                item.ReturnBuffer();
                throw;
            }
        }

        return await item.Completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }
}
