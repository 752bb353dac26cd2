namespace Observability.EventLog;

/// <summary>Settings of an <see cref="EventLog"/>; every value has a documented default.</summary>
public sealed class EventLogOptions
{
    /// <summary>
    /// Default size at which a new segment file starts: 64 MiB, about 250,000 typical events, small enough to copy or
    /// inspect by hand and large enough that a million-event log is a handful of files.
    /// </summary>
    public const long DefaultSegmentMaxBytes = 64L * 1024 * 1024;

    /// <summary>
    /// Default number of appends that may wait for the writer loop before callers are held back: 65,536, several
    /// seconds of peak traffic, so a slow disk applies back-pressure instead of exhausting memory.
    /// </summary>
    public const int DefaultQueueCapacity = 65_536;

    /// <summary>
    /// Default size of each step of zero-filled space kept ahead of the writer: 4 MiB, about 16,000 typical events per
    /// extension, so its one full fsync is amortized over thousands of group commits.
    /// </summary>
    public const long DefaultPreallocationBytes = 4L * 1024 * 1024;

    /// <summary>Smallest accepted non-zero <see cref="PreallocationBytes"/>: one page.</summary>
    public const long MinPreallocationBytes = 4096;

    /// <summary>Smallest accepted <see cref="SegmentMaxBytes"/>: room for a few small records.</summary>
    internal const long MinSegmentMaxBytes = 64;

    /// <summary>Directory that holds the segment files; created if missing. Default: <c>data/events</c>.</summary>
    public string Directory { get; set; } = "data/events";

    /// <summary>
    /// Where recovery copies damaged ranges and cut tails, as <c>&lt;segment file&gt;@&lt;offset&gt;.bin</c> (created
    /// owner-only when first needed). Default: null, a <c>quarantine</c> directory beside <see cref="Directory"/>
    /// (<c>data/quarantine</c> for <c>data/events</c>).
    /// </summary>
    public string? QuarantineDirectory { get; set; }

    /// <summary>
    /// A new segment starts when the next record (or batch) would take the current one past this size. A segment is
    /// larger only when a single record or batch is larger on its own, since records never span segments.
    /// Default: <see cref="DefaultSegmentMaxBytes"/>.
    /// </summary>
    public long SegmentMaxBytes { get; set; } = DefaultSegmentMaxBytes;

    /// <summary>
    /// Capacity of the bounded queue of pending appends; when it is full, appenders wait.
    /// Default: <see cref="DefaultQueueCapacity"/>.
    /// </summary>
    public int QueueCapacity { get; set; } = DefaultQueueCapacity;

    /// <summary>
    /// Whether each group commit is fsynced before its appends complete. Default: true. Turn it off only in tests or
    /// benchmarks that do not need durability: without it a completed append can be lost in a power failure.
    /// </summary>
    public bool Fsync { get; set; } = true;

    /// <summary>
    /// How far ahead of the write position the current segment is filled with real zero bytes and fsynced, in steps of
    /// this size (never past <see cref="SegmentMaxBytes"/>), so that each group commit overwrites allocated space and
    /// needs only an <c>fdatasync</c> (no journal commit for the file's size). 0 turns it off: every group commit grows
    /// the file and is fsynced in full. Only used with <see cref="Fsync"/> on. The zero tail is cut when a segment is
    /// sealed or the log is closed, and a crash's leftover zeros are cut at open without counting as damage.
    /// Default: <see cref="DefaultPreallocationBytes"/>.
    /// </summary>
    public long PreallocationBytes { get; set; } = DefaultPreallocationBytes;

    /// <summary>
    /// Whether the log's durable pages stay in the kernel's page cache after they are written. Off by default: with
    /// <see cref="Fsync"/> on, the pages behind the last group commit are given back (<c>posix_fadvise</c>, Linux), a
    /// megabyte at a time: only a replay or a follower catching up reads them again, from the disk then. Kept, they fill
    /// free memory, which a container is charged for, and on a virtual machine every new page cost a fault on the host:
    /// writing the log slowed by a tenth as the cache grew (docs/benchmarks.md). Turn it on when something reads the log
    /// closely as it is written.
    /// </summary>
    public bool CacheWrittenPages { get; set; }

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first setting that is out of range.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Directory))
        {
            throw new ArgumentException(
                "EventLogOptions.Directory must name a directory for the segment files, was empty.", nameof(Directory));
        }

        if (QuarantineDirectory is not null && string.IsNullOrWhiteSpace(QuarantineDirectory))
        {
            throw new ArgumentException(
                "EventLogOptions.QuarantineDirectory must name a directory or be null (beside the segments), was empty.",
                nameof(QuarantineDirectory));
        }

        if (SegmentMaxBytes < MinSegmentMaxBytes)
        {
            throw new ArgumentException(
                $"EventLogOptions.SegmentMaxBytes must be at least {MinSegmentMaxBytes} bytes, was {SegmentMaxBytes}.",
                nameof(SegmentMaxBytes));
        }

        if (PreallocationBytes != 0 && PreallocationBytes < MinPreallocationBytes)
        {
            throw new ArgumentException(
                $"EventLogOptions.PreallocationBytes must be 0 (off) or at least {MinPreallocationBytes} bytes, was {PreallocationBytes}.",
                nameof(PreallocationBytes));
        }

        if (QueueCapacity < 1)
        {
            throw new ArgumentException(
                $"EventLogOptions.QueueCapacity must be at least 1, was {QueueCapacity}.", nameof(QueueCapacity));
        }
    }

    /// <summary>The quarantine directory as a full path: <see cref="QuarantineDirectory"/>, or its default beside the segments.</summary>
    internal string ResolveQuarantineDirectory()
    {
        if (QuarantineDirectory is not null)
        {
            return Path.GetFullPath(QuarantineDirectory);
        }

        var segments = Path.TrimEndingDirectorySeparator(Path.GetFullPath(Directory));
        return Path.Combine(Path.GetDirectoryName(segments) ?? segments, "quarantine");
    }
}
