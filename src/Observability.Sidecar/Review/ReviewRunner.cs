using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Observability.Experiments;
using Observability.Experiments.Goals;
using Observability.Ingestion;
using Observability.Ingestion.Batches;
using Observability.Projections;
using Observability.Review;
using Observability.Review.Checks;
using Observability.Review.Findings;
using Observability.Review.State;
using Observability.Sidecar.Hosting;

namespace Observability.Sidecar.Review;

/// <summary>
/// One review run, the same for the schedule and <c>POST /api/v1/review</c>: catch up with the log, compute the plan
/// under the host's lock (the goals' answers first, outside it), append its <c>finding:opened</c> and
/// <c>finding:closed</c> events through the ingestion writer, and wait until they are applied. Runs one at a time, so
/// two never race to open the same finding; and the ids are deterministic, so a run retried after a crash between
/// append and apply stores nothing twice.
/// </summary>
internal sealed class ReviewRunner(
    ProjectionHost host,
    DerivedReads reads,
    EventLogHandle handle,
    IngestionWriter writer,
    ReviewState state,
    FindingsProjection findings,
    GoalsProjection goals,
    IOptions<ReviewOptions> options,
    IOptions<ExperimentsOptions> experiments,
    ReviewMetrics metrics,
    TimeProvider time,
    ILogger<ReviewRunner> logger) : IDisposable
{
    private const int AppendChunk = 1000;
    private readonly SemaphoreSlim _one = new(1, 1);
    private readonly ReviewOptions _options = options.Value;

    public void Dispose() => _one.Dispose();

    public async Task<ReviewAnswer> RunAsync(string trigger, CancellationToken cancellationToken)
    {
        await _one.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await RunOnceAsync(trigger, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            metrics.Failed(trigger);
            throw;
        }
        finally
        {
            _one.Release();
        }
    }

    private async Task<ReviewAnswer> RunOnceAsync(string trigger, CancellationToken cancellationToken)
    {
        if (handle.Log is null || handle.Stopping)
        {
            throw new EventLogUnavailableException("The event log is not open; the review cannot store findings.");
        }

        await reads.CatchUpAsync(cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var goalInputs = ExperimentReads.Answers(host.Read(goals.SnapshotAll), experiments.Value, now)
            .Select(a => new GoalInput(a.Name, a.Status, a.LastProgressAt, a.OpenCount, a.OpenUnits))
            .ToList();
        var started = Stopwatch.GetTimestamp();
        var plan = host.Read(() => ReviewPlan.Compute(state, findings, _options, goalInputs, now));
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;

        var events = plan.Opened.Select(o => o.Event).Concat(plan.Closed.Select(c => c.Event)).ToList();
        for (var start = 0; start < events.Count; start += AppendChunk)
        {
            var items = events.Skip(start).Take(AppendChunk).Select((e, i) => new BatchItem(i, JsonSerializer.SerializeToUtf8Bytes(e), null)).ToList();
            var result = await writer.IngestAsync(items, cancellationToken).ConfigureAwait(false);
            foreach (var item in result.Items.Where(i => i.Status == ItemResult.Rejected))
            {
                Log.FindingRejected(logger, item.Id ?? string.Empty, item.Field, item.Reason);
            }
        }

        await reads.CatchUpAsync(cancellationToken).ConfigureAwait(false);
        var (opened, closed, open) = host.Read(() => (
            plan.Opened.Select(o => findings.Find(o.FindingId)).OfType<Finding>().Select(FindingAnswer.Of).ToList(),
            plan.Closed.Select(c => findings.Find(c.Finding.Id)).OfType<Finding>().Select(FindingAnswer.Of).ToList(),
            findings.OpenByKey.Count));
        metrics.Ran(trigger, seconds, opened.Select(f => f.Kind), closed.Select(f => f.Kind), now);
        Log.ReviewRan(logger, plan.RunId, trigger, opened.Count, closed.Count, open, seconds);
        return new ReviewAnswer(plan.RunId, now, trigger, seconds, plan.Holding, open, opened, closed);
    }
}
