using Microsoft.Extensions.Options;
using Observability.Metrics;
using Observability.Projections;
using Observability.Projections.Compaction;
using Observability.Sidecar.Hosting;

namespace Observability.Sidecar.Compaction;

/// <summary>
/// Compaction while the sidecar runs (the admin endpoint and retention): the same steps as <c>agentobs compact</c>, on
/// sealed segments only (the writer appends to the last one), folded to the cut by a second projection host built from
/// the sidecar's own settings, so the base snapshot is the one its next start restores. One at a time, and never while a
/// refresh runs (<see cref="MaintenanceLock"/>).
/// </summary>
internal sealed class OnlineCompaction
{
    private readonly MaintenanceLock _one;
    private readonly IConfiguration _configuration;
    private readonly SidecarOptions _options;
    private readonly ILogger<OnlineCompaction> _logger;
    private readonly MetricRegistry _registry;
    private readonly CounterFamily _runs;
    private readonly Counter _records;

    public OnlineCompaction(
        IConfiguration configuration, IOptions<SidecarOptions> options, MetricRegistry registry, MaintenanceLock one, ILogger<OnlineCompaction> logger)
    {
        _one = one;
        _configuration = configuration;
        _options = options.Value;
        _logger = logger;
        _registry = registry;
        _runs = registry.CreateCounter(
            "compactions_total",
            "Compactions run by the sidecar (admin endpoint or retention), by trigger and whether they archived anything.",
            new MetricOptions { LabelNames = ["trigger", "outcome"] });
        _records = registry.CreateCounter("compacted_records_total", "Event log records moved to the archive by the sidecar's compactions.").Unlabelled;
    }

    /// <summary>Archives the sealed segments older than <paramref name="before"/>; <paramref name="trigger"/> names who asked.</summary>
    public Task<CompactionResult> RunAsync(DateTimeOffset before, string trigger, CancellationToken cancellationToken) =>
        RunAsync(
            trigger,
            createHost => LogCompactor.Compact(new CompactionLayout(_options.DataDirectory), before, createHost),
            result => Log.Compacted(_logger, trigger, before, result.Segments, result.Records, result.Cut),
            e => Log.CompactionFailed(_logger, trigger, before, e),
            cancellationToken);

    /// <summary>
    /// Retention by size: the live log holds <paramref name="bytes"/>, over <paramref name="maxBytes"/>; archives its
    /// oldest sealed segments until at least the difference is freed.
    /// </summary>
    public Task<CompactionResult> RunBySizeAsync(long bytes, long maxBytes, CancellationToken cancellationToken) =>
        RunAsync(
            "retention",
            createHost => LogCompactor.CompactOldest(new CompactionLayout(_options.DataDirectory), bytes - maxBytes, createHost),
            result => Log.RetentionBySize(_logger, bytes, maxBytes, result.Segments, result.Records, result.Cut),
            e => Log.RetentionBySizeFailed(_logger, bytes, maxBytes, e),
            cancellationToken);

    private async Task<CompactionResult> RunAsync(
        string trigger,
        Func<Func<ProjectionHost>, CompactionResult> compact,
        Action<CompactionResult> done,
        Action<Exception> failed,
        CancellationToken cancellationToken)
    {
        using var one = await _one.EnterAsync(cancellationToken).ConfigureAwait(false);
        var owners = new List<IAsyncDisposable>();
        try
        {
            var result = await Task.Run(
                () => compact(() =>
                {
                    var (host, services) = SidecarProjectionHost.Create(_configuration);
                    owners.Add(services);
                    return host;
                }),
                cancellationToken).ConfigureAwait(false);
            // Both counters in one step no scrape falls between: one that sees the run archived sees its records.
            _registry.RunExclusive(() =>
            {
                _runs.WithLabels(trigger, result.Segments > 0 ? "archived" : "nothing").Inc();
                _records.Inc(result.Records);
            });
            done(result);
            return result;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or InvalidOperationException or BaseSnapshotException)
        {
            _runs.WithLabels(trigger, "failed").Inc();
            failed(e);
            throw;
        }
        finally
        {
            foreach (var owner in owners)
            {
                await owner.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
