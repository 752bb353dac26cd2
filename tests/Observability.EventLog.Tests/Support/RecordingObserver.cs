using System.Collections.Concurrent;

namespace Observability.EventLog.Tests.Support;

/// <summary>Records every observer call, thread-safely.</summary>
internal sealed class RecordingObserver : IEventLogObserver
{
    private long _groups;
    private long _records;
    private long _bytes;

    public long Groups => Interlocked.Read(ref _groups);

    public long Records => Interlocked.Read(ref _records);

    public long Bytes => Interlocked.Read(ref _bytes);

    public ConcurrentQueue<(string Path, long Offset, long Dropped, string Reason)> Recovered { get; } = new();

    public ConcurrentQueue<Exception> WriteFailures { get; } = new();

    public ConcurrentQueue<string> SegmentsCreated { get; } = new();

    public ConcurrentQueue<EventLogDamage> Damaged { get; } = new();

    public ConcurrentQueue<EventLogGap> Missing { get; } = new();

    public void OnAppended(int records, long bytes, TimeSpan writeDuration, TimeSpan fsyncDuration)
    {
        Interlocked.Increment(ref _groups);
        Interlocked.Add(ref _records, records);
        Interlocked.Add(ref _bytes, bytes);
    }

    public void OnRecovered(string segmentPath, long offset, long droppedBytes, string reason) =>
        Recovered.Enqueue((segmentPath, offset, droppedBytes, reason));

    public void OnWriteFailed(Exception exception) => WriteFailures.Enqueue(exception);

    public void OnSegmentCreated(string segmentPath) => SegmentsCreated.Enqueue(segmentPath);

    public void OnDamaged(EventLogDamage damage) => Damaged.Enqueue(damage);

    public void OnRecordsMissing(EventLogGap gap) => Missing.Enqueue(gap);
}
