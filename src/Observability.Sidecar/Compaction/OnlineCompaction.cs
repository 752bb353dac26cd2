using Microsoft.Extensions.Options;
using Observability.Metrics;
using Observability.Projections;
using Observability.Projections.Compaction;
using Observability.Sidecar.Hosting;

namespace Observability.Sidecar.Compaction;

/// <summary>
/// Compaction while the sidecar runs (the admin endpoint and retention): the same steps as <c>agentobs compact</c>, on
/// sealed segments only (the writer appends to the last one), folded to the cut by a second projection host built from
/// the sidecar's own settings, so the base snapshot is the one its next start restores. One at a time.
/// </summary>
internal sealed class OnlineCompaction : IDisposable
{
    private readonly SemaphoreSlim _one = new(1, 1);
    private readonly IConfiguration _configuration;
    private readonly SidecarOptions _options;
    private readonly ILogger<OnlineCompaction> _logger;
    private readonly CounterFamily _runs;
    private readonly Counter _records;

    public OnlineCompaction(IConfiguration configuration, IOptions<SidecarOptions> options, MetricRegistry registry, ILogger<OnlineCompaction> logger)
    {
        _configuration = configuration;
        _options = options.Value;
        _logger = logger;
        _runs = registry.CreateCounter(
            "compactions_total",
            "Compactions run by the sidecar (admin endpoint or retention), by trigger and whether they archived anything.",
            new MetricOptions { LabelNames = ["trigger", "outcome"] });
        _records = registry.CreateCounter("compacted_records_total", "Event log records moved to the archive by the sidecar's compactions.").Unlabelled;
    }

    public void Dispose() => _one.Dispose();

    /// <summary>Archives the sealed segments older than <paramref name="before"/>; <paramref name="trigger"/> names who asked.</summary>
    public async Task<CompactionResult> RunAsync(DateTimeOffset before, string trigger, CancellationToken cancellationToken)
    {
        await _one.WaitAsync(cancellationToken).ConfigureAwait(false);
        var owners = new List<IAsyncDisposable>();
        try
        {
            var result = await Task.Run(
                () => LogCompactor.Compact(
                    new CompactionLayout(_options.DataDirectory),
                    before,
                    () =>
                    {
                        var (host, services) = SidecarProjectionHost.Create(_configuration);
                        owners.Add(services);
                        return host;
                    }),
                cancellationToken).ConfigureAwait(false);
            _runs.WithLabels(trigger, result.Segments > 0 ? "archived" : "nothing").Inc();
            _records.Inc(result.Records);
            Log.Compacted(_logger, trigger, before, result.Segments, result.Records, result.Cut);
            return result;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or InvalidOperationException or BaseSnapshotException)
        {
            _runs.WithLabels(trigger, "failed").Inc();
            Log.CompactionFailed(_logger, trigger, before, e);
            throw;
        }
        finally
        {
            foreach (var owner in owners)
            {
                await owner.DisposeAsync().ConfigureAwait(false);
            }

            _one.Release();
        }
    }
}
