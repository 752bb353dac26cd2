using System.Threading.Channels;
using Observability.EventLog.Internal;

namespace Observability.EventLog;

/// <summary>
/// The durable append-only event log: segment files of CRC-framed, one-line JSON records, written by one loop that
/// group-commits concurrent appends with a single fsync.
/// </summary>
/// <remarks>
/// <para>
/// On disk, <see cref="EventLogOptions.Directory"/> holds segment files named <c>&lt;firstSequence:D20&gt;.log</c>.
/// Sequence numbers start at 0 and continue across segments. Each record is one line,
/// <c>&lt;length:x8&gt; &lt;crc32c:x8&gt; &lt;payload&gt;\n</c>: the payload's byte count and CRC-32C in lowercase hex,
/// then the UTF-8 JSON payload, which never holds a raw line break. So the third field onward of each line is JSONL
/// (<c>cut -d' ' -f3-</c>), and <see cref="EventLogReader"/> reads or follows the whole log with the frames checked.
/// </para>
/// <para>
/// With fsync on, the segment being written is kept zero-filled ahead of its last record
/// (<see cref="EventLogOptions.PreallocationBytes"/>), so a group commit needs only an <c>fdatasync</c>; its file
/// therefore ends in NUL bytes and does not grow while it is written (<c>tail -F</c> cannot follow it). Sealed
/// segments, and the last one after a clean close, end exactly at their last record.
/// </para>
/// <para>
/// An append completes only once its record is written and fsynced, so a caller that answers 2xx after awaiting it
/// never loses the event in a crash. A caller that stops waiting (cancellation) after the record was queued may
/// still see it written: appends are at-least-once, the duplicate index above the log handles retries.
/// </para>
/// <para>
/// Thread-safe: any number of callers may append concurrently. One instance per directory: a lock file stops a
/// second writer, in this process or another.
/// </para>
/// </remarks>
public sealed partial class EventLog : IAsyncDisposable
{
    private readonly Channel<PendingAppend> _queue;
    private readonly LogWriter _writer;
    private readonly LogState _state;
    private readonly DirectoryLock _lock;
    private int _disposed;

    private EventLog(Channel<PendingAppend> queue, LogWriter writer, LogState state, DirectoryLock directoryLock, string directory)
    {
        _queue = queue;
        _writer = writer;
        _state = state;
        _lock = directoryLock;
        Directory = directory;
    }

    /// <summary>The full path of the directory that holds the segments.</summary>
    public string Directory { get; }

    /// <summary>A consistent snapshot of the log's counters and health.</summary>
    public EventLogStatus Status => _state.Snapshot();

    /// <summary>
    /// Opens the log in <see cref="EventLogOptions.Directory"/> (creating it if needed), replays every valid record in
    /// order through <paramref name="onRecord"/>, skips and quarantines damage, cuts a torn tail of the last segment, and
    /// starts the writer loop.
    /// </summary>
    /// <remarks>
    /// Recovery and replay are the same single read of each segment. Nothing acknowledged is cut: a record that fails its
    /// frame check (malformed header, a length that does not end on its newline, checksum mismatch) in a sealed segment,
    /// or in the last one before a valid record, is skipped with the bytes up to the next valid frame; they stay in
    /// place, are copied to <see cref="EventLogOptions.QuarantineDirectory"/> and show in
    /// <see cref="EventLogStatus.CorruptRecords"/> and <see cref="IEventLogObserver.OnDamaged"/>, and the records in
    /// them keep their sequence numbers. Sequence numbers no segment holds (a removed or shortened segment) show in
    /// <see cref="EventLogStatus.MissingRecords"/> and <see cref="IEventLogObserver.OnRecordsMissing"/>. Only the last
    /// segment's torn tail (bytes after its last valid record with no valid frame after them: a write never
    /// acknowledged) is cut, after being copied aside; it shows in <see cref="EventLogStatus.TruncatedBytes"/> and
    /// <see cref="IEventLogObserver.OnRecovered"/>. Zeros after the last record of the last segment (preallocated space
    /// a crash left behind) are cut without counting. When the last segment holds damage, appends go to a new segment.
    /// Corrupt data never makes this throw; only real I/O failures do (with the path in the message), as does an
    /// exception from <paramref name="onRecord"/>.
    /// </remarks>
    /// <param name="options">The settings; validated here.</param>
    /// <param name="onRecord">Called for each replayed record, in sequence order, on the calling thread.</param>
    /// <param name="observer">Receives telemetry; optional.</param>
    /// <param name="timeProvider">Clock for the durations reported; <see cref="TimeProvider.System"/> by default.</param>
    /// <returns>The open log, ready for appends.</returns>
    public static EventLog Open(
        EventLogOptions options,
        RecordHandler? onRecord = null,
        IEventLogObserver? observer = null,
        TimeProvider? timeProvider = null) =>
        OpenCore(options, onRecord, observer, timeProvider, SegmentStreams.Default);

    /// <summary>
    /// <see cref="Open"/> with the segment streams (and optionally the data sync) supplied, so tests can inject write
    /// and fsync failures.
    /// </summary>
    internal static EventLog OpenCore(
        EventLogOptions options,
        RecordHandler? onRecord,
        IEventLogObserver? observer,
        TimeProvider? timeProvider,
        SegmentStreamFactory streams,
        SegmentDataSync? syncData = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var time = timeProvider ?? TimeProvider.System;
        var events = new SafeObserver(observer);
        var directory = Path.GetFullPath(options.Directory);
        var directoryLock = Guard(directory, () =>
        {
            System.IO.Directory.CreateDirectory(directory);
            return DirectoryLock.Acquire(directory);
        });
        try
        {
            var started = time.GetTimestamp();
            var quarantine = options.ResolveQuarantineDirectory();
            var recovery = Guard(directory, () => LogRecovery.Run(directory, quarantine, onRecord, events));
            var replayDuration = time.GetElapsedTime(started);

            var (stream, segmentLength, segments) = Guard(directory, () => OpenLastSegment(directory, recovery, streams, events));
            var state = new LogState(recovery, replayDuration, segments);
            var queue = Channel.CreateBounded<PendingAppend>(new BoundedChannelOptions(options.QueueCapacity)
            {
                FullMode = BoundedChannelFullMode.Wait,
                SingleReader = true,
            });
            var writer = new LogWriter(
                queue.Reader,
                directory,
                options,
                stream,
                segmentLength,
                recovery.NextSequence,
                streams,
                syncData ?? DataSync.Flush,
                state,
                events,
                time);
            writer.Start();
            return new EventLog(queue, writer, state, directoryLock, directory);
        }
        catch
        {
            directoryLock.Dispose();
            throw;
        }
    }

    private static T Guard<T>(string directory, Func<T> open)
    {
        try
        {
            return open();
        }
        catch (UnauthorizedAccessException exception)
        {
            throw new UnauthorizedAccessException($"Cannot open the event log in '{directory}': {exception.Message}", exception);
        }
        catch (IOException exception) when (!exception.Message.Contains(directory, StringComparison.Ordinal))
        {
            throw new IOException($"Cannot open the event log in '{directory}': {exception.Message}", exception);
        }
    }

    private static (FileStream Stream, long Length, int Segments) OpenLastSegment(
        string directory, RecoveryResult recovery, SegmentStreamFactory streams, SafeObserver events)
    {
        // A last segment that holds damage is sealed as it is: appends go to a new one, so damage is only ever in a
        // segment nothing writes to, where readers skip it without waiting and every start finds it at the same offset.
        if (recovery.Segments.Count == 0 || recovery.RollLastSegment)
        {
            var path = SegmentFiles.PathFor(directory, recovery.NextSequence);
            var created = streams(path, FileMode.CreateNew);
            events.OnSegmentCreated(path);
            return (created, 0, recovery.Segments.Count + 1);
        }

        var stream = streams(recovery.Segments[^1].Path, FileMode.Open);
        stream.Position = recovery.LastSegmentLength;
        return (stream, recovery.LastSegmentLength, recovery.Segments.Count);
    }
}
