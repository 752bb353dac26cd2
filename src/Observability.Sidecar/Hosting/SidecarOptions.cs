namespace Observability.Sidecar.Hosting;

/// <summary>The <c>Sidecar</c> configuration section; every value has a documented default.</summary>
public sealed class SidecarOptions
{
    /// <summary>The configuration section name.</summary>
    public const string Section = "Sidecar";

    /// <summary>Default metric namespace; <c>opencode</c> gives the opencode metrics contract's exact names.</summary>
    public const string DefaultNamespace = "agentobs";

    /// <summary>Default data directory, relative to the working directory.</summary>
    public const string DefaultDataDirectory = "data";

    /// <summary>Default request body limit: 10 MiB, room for an NDJSON batch of ~40,000 events.</summary>
    public const long DefaultMaxRequestBodyBytes = 10L * 1024 * 1024;

    /// <summary>
    /// Default cap on items (events) per request: 100,000, room for a 10 MiB body of events of about 100 bytes. Over it a
    /// request is answered 413 before any item is parsed.
    /// </summary>
    public const int DefaultMaxItemsPerRequest = 100_000;

    /// <summary>The largest item cap accepted.</summary>
    public const int MaxMaxItemsPerRequest = 10_000_000;

    /// <summary>Default interval of the snapshot written while running: 5 minutes.</summary>
    public const int DefaultSnapshotIntervalSeconds = 300;

    /// <summary>Default free-disk floor for readiness: 100 MiB.</summary>
    public const long DefaultMinFreeDiskBytes = 100L * 1024 * 1024;

    /// <summary>Prefix of every product metric (<c>agentobs_task_total</c>). Default <see cref="DefaultNamespace"/>.</summary>
    public string Namespace { get; set; } = DefaultNamespace;

    /// <summary>Where the event log lives (<c>{DataDirectory}/events</c>). Default <see cref="DefaultDataDirectory"/>.</summary>
    public string DataDirectory { get; set; } = DefaultDataDirectory;

    /// <summary>Largest request body accepted; larger ones get 413. Default <see cref="DefaultMaxRequestBodyBytes"/>.</summary>
    public long MaxRequestBodyBytes { get; set; } = DefaultMaxRequestBodyBytes;

    /// <summary>Most items (events) one request may hold; more get 413. Default <see cref="DefaultMaxItemsPerRequest"/>.</summary>
    public int MaxItemsPerRequest { get; set; } = DefaultMaxItemsPerRequest;

    /// <summary>Readiness fails when the data directory's disk has less free space. Default <see cref="DefaultMinFreeDiskBytes"/>.</summary>
    public long MinFreeDiskBytes { get; set; } = DefaultMinFreeDiskBytes;

    /// <summary>Extra mapping files loaded after the shipped default, in order. Default none.</summary>
    public IList<string> MappingFiles { get; init; } = [];

    /// <summary>Series cap per metric family. Default 2000.</summary>
    public int MaxSeriesPerFamily { get; set; } = Metrics.MetricRegistryOptions.DefaultMaxSeriesPerFamily;

    /// <summary>
    /// Cap on the live event log's size on disk (its segment files, preallocated space included, as
    /// <c>Sidecar:Retention:MaxBytes</c> measures it): a write that would pass it is answered 507. 0 turns it off. Default 0.
    /// </summary>
    public long MaxLogBytes { get; set; }

    /// <summary>Segment size of the event log. Default 64 MiB.</summary>
    public long SegmentMaxBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>
    /// Zero-filled space kept ahead of the event log's writer so that each group commit needs only an fdatasync; 0
    /// turns it off. Default 4 MiB (<see cref="EventLog.EventLogOptions.DefaultPreallocationBytes"/>).
    /// </summary>
    public long PreallocationBytes { get; set; } = EventLog.EventLogOptions.DefaultPreallocationBytes;

    /// <summary>
    /// Keep the event log's written pages in the kernel's page cache. Default false: once durable they are given back, the
    /// log being read again only by a replay (<see cref="EventLog.EventLogOptions.CacheWrittenPages"/>).
    /// </summary>
    public bool CacheWrittenPages { get; set; }

    /// <summary>
    /// Write the derived state (metrics, duplicate index, open starts) to <c>state.snapshot</c> in the data directory at
    /// a clean stop, and restore it at start so only the records after it are replayed. Default true. A crash leaves the
    /// last clean stop's snapshot, still valid: the start replays the records since. Off: every start replays the log.
    /// </summary>
    public bool Snapshot { get; set; } = true;

    /// <summary>
    /// Also write the state snapshot while running, at most this often (seconds) and only when events were applied
    /// since the last one, so a sidecar that never stops cleanly does not replay its whole log at the next start; 0 turns
    /// it off (a clean stop still writes one). Default <see cref="DefaultSnapshotIntervalSeconds"/>.
    /// </summary>
    public int SnapshotIntervalSeconds { get; set; } = DefaultSnapshotIntervalSeconds;

    /// <summary>fsync before acknowledging. Default true; turning it off gives up durability.</summary>
    public bool Fsync { get; set; } = true;

    /// <summary>Write logs as JSON lines instead of text. Default false.</summary>
    public bool JsonLogs { get; set; }
}
