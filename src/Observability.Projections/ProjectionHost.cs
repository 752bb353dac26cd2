using System.Security.Cryptography;
using System.Threading.Channels;

namespace Observability.Projections;

/// <summary>
/// The one owner of derived state: it applies every stored event to every <see cref="IProjection"/> once, in log order,
/// at start-up (restoring the snapshot and replaying only the later records) and live (fed by the log's writer once a
/// group is durable, applied on the host's own thread, never on the fsync path), writes every projection's state into
/// one snapshot at one log position, and serializes reads with its lock. Queries ask the host, never the files.
/// </summary>
/// <remarks>
/// Read-your-writes: <see cref="Applied"/> trails the log's durable position by the events on their way to the host's
/// thread; a query that must see every acknowledged event waits (<see cref="WaitForAsync"/>) until the host has applied
/// the position the log had when the query began.
/// </remarks>
public sealed partial class ProjectionHost : IAsyncDisposable
{
    private readonly IProjection[] _projections;
    private readonly ProjectionHostOptions _options;
    private readonly IDuplicateFilter? _duplicates;
    private readonly IProjectionObserver? _observer;
    private readonly Lock _gate = new();
    private readonly Channel<EventBatch> _live = Channel.CreateUnbounded<EventBatch>(new UnboundedChannelOptions { SingleReader = true });
    private TaskCompletionSource _progress = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Thread? _liveThread;
    private long _applied;
    private long _records;
    private long _backlog;
    private long _duplicatesFrom;
    private byte[] _lastRecordHash = new byte[32];

    /// <summary>Creates a host over <paramref name="projections"/>, applied in this order; nothing is read until start-up.</summary>
    public ProjectionHost(IEnumerable<IProjection> projections, ProjectionHostOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(projections);
        _projections = [.. projections];
        _options = options ?? new ProjectionHostOptions();
        _duplicates = _options.Duplicates;
        _observer = _options.Observer;
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var projection in _projections)
        {
            if (!names.Add(projection.Name))
            {
                throw new ArgumentException($"Two projections are named '{projection.Name}'.", nameof(projections));
            }
        }

        Fingerprint = FingerprintOf(_projections, _duplicates, _options.Fingerprint);
        BaseFingerprint = BaseFingerprintOf(_projections, _duplicates);
    }

    /// <summary>The projections, in the order each event is applied to them.</summary>
    public IReadOnlyList<IProjection> Projections => _projections;

    /// <summary>The next log sequence not yet applied: every record before it is in every projection.</summary>
    public long Applied => Interlocked.Read(ref _applied);

    /// <summary>Live events handed over and not yet applied.</summary>
    public long Backlog => Interlocked.Read(ref _backlog);

    /// <summary>What a snapshot must have been written under to be restored.</summary>
    internal string Fingerprint { get; }

    /// <summary>
    /// What a base snapshot must have been written under: the projections' names, versions and settings and the duplicate
    /// index's version, not the build (the archived records it stands for are not replayed by a new build).
    /// </summary>
    internal string BaseFingerprint { get; }

    /// <summary>Runs <paramref name="query"/> under the host's lock, on state no event is being applied to.</summary>
    public T Read<T>(Func<T> query)
    {
        ArgumentNullException.ThrowIfNull(query);
        lock (_gate)
        {
            return query();
        }
    }

    /// <summary>
    /// Waits until every record before <paramref name="position"/> is applied, at most <paramref name="timeout"/>.
    /// </summary>
    /// <returns>True when it was reached; false when the wait timed out (reported to the observer).</returns>
    public async Task<bool> WaitForAsync(long position, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        if (Applied >= position)
        {
            return true;
        }

        var infinite = timeout == Timeout.InfiniteTimeSpan;
        var deadline = infinite ? long.MaxValue : _options.Time.GetTimestamp() + (long)(timeout.TotalSeconds * _options.Time.TimestampFrequency);
        while (true)
        {
            var progress = Volatile.Read(ref _progress).Task;
            if (Applied >= position)
            {
                return true;
            }

            if (infinite)
            {
                await progress.WaitAsync(cancellationToken).ConfigureAwait(false);
                continue;
            }

            var remaining = deadline - _options.Time.GetTimestamp();
            if (remaining <= 0)
            {
                _observer?.OnReadTimedOut(position, Applied);
                return false;
            }

            try
            {
                await progress.WaitAsync(TimeSpan.FromSeconds((double)remaining / _options.Time.TimestampFrequency), _options.Time, cancellationToken)
                    .ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // Checked once more at the top.
            }
        }
    }

    /// <summary>Completes once the host has applied past <paramref name="position"/> (for reactions waiting for work).</summary>
    public Task WaitBeyondAsync(long position, CancellationToken cancellationToken) => WaitForAsync(position + 1, Timeout.InfiniteTimeSpan, cancellationToken);

    /// <summary>Waits until fewer than <paramref name="limit"/> live events wait to be applied: a writer's back-pressure.</summary>
    public async Task WaitForBacklogBelowAsync(long limit, CancellationToken cancellationToken = default)
    {
        while (Backlog >= limit)
        {
            await Volatile.Read(ref _progress).Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _live.Writer.TryComplete();
        if (_liveThread is { } thread)
        {
            await Task.Run(thread.Join).ConfigureAwait(false);
        }
    }

    private void Progressed()
    {
        var previous = Interlocked.Exchange(ref _progress, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        previous.TrySetResult();
    }

    // The projections' and the duplicate filter's names and versions, the caller's settings, and the code: a new build
    // replays the log once rather than trust a state an older one derived. Module ids are the same for every build of the
    // same sources.
    private static string FingerprintOf(IProjection[] projections, IDuplicateFilter? duplicates, string settings)
    {
        var assemblies = projections.Select(p => p.GetType().Assembly)
            .Append(typeof(ProjectionHost).Assembly)
            .Append(typeof(Events.StoredEvent).Assembly)
            .Concat(duplicates is null ? [] : [duplicates.GetType().Assembly])
            .Distinct()
            .Select(a => a.ManifestModule.ModuleVersionId.ToString())
            .Order(StringComparer.Ordinal);
        return string.Join(
            "|",
            settings,
            string.Join(",", projections.Select(p => $"{p.Name}:{p.Version}:{p.Settings}")),
            duplicates is null ? "no-duplicates" : $"duplicates:{duplicates.Version}",
            string.Join(",", assemblies));
    }

    private static string BaseFingerprintOf(IProjection[] projections, IDuplicateFilter? duplicates) =>
        string.Join(
            "|",
            "base",
            string.Join(",", projections.Select(p => $"{p.Name}:{p.Version}:{p.Settings}")),
            duplicates is null ? "no-duplicates" : $"duplicates:{duplicates.Version}");

    private static byte[] HashOf(ReadOnlySpan<byte> record) => SHA256.HashData(record);
}
