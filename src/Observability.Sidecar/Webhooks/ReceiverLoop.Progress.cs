using Observability.Sidecar.Hosting;

namespace Observability.Sidecar.Webhooks;

/// <content>Reading the log, recording outcomes, and the durable position.</content>
internal sealed partial class ReceiverLoop
{
    // Counts what the log holds up to its committed end, then finds the head crossing; false if the files could not be read.
    private bool TryRead(long logEnd, out PendingCrossing? head)
    {
        head = null;
        try
        {
            while (_counter!.NextSequence < logEnd && _counter.Scan(logEnd, CountChunkCrossings, _counted) > 0)
            {
            }

            // Never past the counter, so every crossing read has been counted.
            while (_buffer.Count == 0 && _reader!.NextSequence < _counter.NextSequence)
            {
                if (_reader.Scan(_counter.NextSequence, ReadChunkCrossings, _buffered) == 0)
                {
                    break;
                }
            }
        }
        catch (IOException e)
        {
            Log.WebhookLogUnreadable(_logger, Receiver, e);
            return false;
        }

        head = _buffer.Count > 0 ? _buffer.Peek() : null;
        return true;
    }

    private void Count(PendingCrossing crossing)
    {
        _countedTotal++;
        var now = _time.GetUtcNow();

        // The first crossing after a restart keeps the time it was first seen before the restart.
        var seenAt = _restoredHeadSince is { } restored && restored < now ? restored : now;
        _restoredHeadSince = null;
        if (_seen.Count < MaxTracked)
        {
            _seen.Enqueue((crossing.Sequence, seenAt));
        }
    }

    private void Attempted(PendingCrossing head, AttemptResult result)
    {
        _metrics.Attempted(Receiver, result.Delivered);
        var now = _time.GetUtcNow();
        _metrics.Reported(Receiver, _url.GetComponents(UriComponents.SchemeAndServer, UriFormat.UriEscaped), result, now);
        if (result.Delivered)
        {
            if (_failingSince is { } since)
            {
                Log.WebhookRecovered(_logger, Receiver, (now - since).TotalSeconds);
            }

            _failingSince = null;
            Passed(head);
            _metrics.Finished(Receiver, delivered: true);
            return;
        }

        var firstFailure = _failingSince is null;
        _failingSince ??= now;
        _failures++;
        if (_schedule.GivesUp(_failingSince.Value, now))
        {
            Log.WebhookDeadLettered(_logger, Receiver, (now - _failingSince.Value).TotalHours, head.EventId, head.Sequence, result.Outcome);
            Passed(head);
            _metrics.Finished(Receiver, delivered: false);
            return;
        }

        var delay = _schedule.Delay(_failures, result.RetryAfter);
        _nextAttempt = now + delay;
        Log.WebhookAttemptFailed(_logger, Receiver, head.EventId, _failures, result.Outcome, delay.TotalSeconds);
        if (firstFailure)
        {
            // So that the retry span, and the age of what waits, survive a restart.
            Save(_saved with { FailingSince = _failingSince, HeadSince = HeadSince() });
        }
    }

    // The head crossing is done with (delivered or dead-lettered): the position moves past it, durably, and the pending
    // gauges drop before the caller counts the outcome, so a scrape that sees the outcome never sees it still pending.
    private void Passed(PendingCrossing head)
    {
        _buffer.Dequeue();
        _passedTotal++;
        while (_seen.Count > 0 && _seen.Peek().Sequence <= head.Sequence)
        {
            _lastSeenAt = _seen.Dequeue().SeenAt;
        }

        _failures = 0;
        _nextAttempt = DateTimeOffset.MinValue;
        Save(new DeliveryPosition(head.Sequence + 1, _failingSince, HeadSince()));
        Publish();
    }

    private void SaveIdleProgress(bool force)
    {
        if (_reader is null || _buffer.Count > 0 || _reader.NextSequence != _counter!.NextSequence)
        {
            return;
        }

        var skipped = _reader.NextSequence - _saved.Next;
        if (skipped > 0 && (force || skipped >= IdleSaveRecords))
        {
            Save(new DeliveryPosition(_reader.NextSequence, _failingSince));
        }
    }

    private void Save(DeliveryPosition position)
    {
        try
        {
            _store.Save(position);
            _saved = position;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The position stays behind what was delivered: those crossings are delivered again after a restart.
            Log.WebhookPositionNotSaved(_logger, _store.Path, Receiver, e);
        }
    }

    // When the oldest pending crossing was first seen; null when none is pending.
    private DateTimeOffset? HeadSince() => Pending <= 0 ? null : _seen.Count > 0 ? _seen.Peek().SeenAt : _lastSeenAt;

    private void Publish()
    {
        var age = HeadSince() is { } since ? Math.Max(0, (_time.GetUtcNow() - since).TotalSeconds) : 0;
        _metrics.Pending(Receiver, Pending, age);
    }
}
