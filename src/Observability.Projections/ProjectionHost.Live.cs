using System.Diagnostics;
using System.Security.Cryptography;
using Observability.EventLog;

namespace Observability.Projections;

/// <content>Live: batches the log's writer made durable, applied in log order on the host's own thread.</content>
public sealed partial class ProjectionHost
{
    /// <summary>
    /// Hands over a batch the log made durable. Call it from the log's durable callback, which runs in log order: the
    /// host applies batches in the order they are handed over. Never blocks (the writer's back-pressure is
    /// <see cref="WaitForBacklogBelowAsync"/>, before it appends).
    /// </summary>
    public void Enqueue(EventBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.FirstSequence < 0)
        {
            throw new ArgumentException("The batch has no sequence numbers yet.", nameof(batch));
        }

        Interlocked.Add(ref _backlog, batch.Count);
        if (!_live.Writer.TryWrite(batch))
        {
            // The host is stopping: nothing will apply it (a clean stop closes the log before it stops the host).
            Interlocked.Add(ref _backlog, -batch.Count);
            batch.Release();
        }
    }

    /// <summary>Waits until every batch handed over so far is applied (a clean stop, once the log is closed).</summary>
    public async Task DrainAsync(CancellationToken cancellationToken = default)
    {
        while (Backlog > 0)
        {
            await Volatile.Read(ref _progress).Task.WaitAsync(TimeSpan.FromMilliseconds(100), cancellationToken)
                .ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default)
                .ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    private void StartLive()
    {
        _lastSnapshotAt = _options.Time.GetTimestamp();
        _snapshotApplied = Applied;
        _liveThread = new Thread(LiveLoop) { IsBackground = true, Name = "projection host" };
        _liveThread.Start();
    }

    private void LiveLoop()
    {
        var reader = _live.Reader;
        while (ChannelWaits.WaitToRead(reader))
        {
            while (reader.TryRead(out var batch))
            {
                ApplyLive(batch);
            }
        }
    }

    private void ApplyLive(EventBatch batch)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            lock (_gate)
            {
                for (var i = 0; i < batch.Count; i++)
                {
                    var e = batch.Events[i].At(batch.FirstSequence + i, batch.Events[i].Payload);
                    ApplyOne(e, filter: false);
                }

                _records += batch.Count;
                Interlocked.Add(ref _backlog, -batch.Count);
                _applied = batch.FirstSequence + batch.Count;
                if (batch.Count > 0)
                {
                    _lastRecordHash = SHA256.HashData(batch.Events[batch.Count - 1].Payload.Span);
                }

                MaybeSnapshot();
            }
        }
        finally
        {
            batch.Release();
        }

        _observer?.OnApplied(Applied, batch.Count, Stopwatch.GetElapsedTime(started));
        Progressed();
    }
}
