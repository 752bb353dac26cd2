using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Observability.Ingestion;
using Observability.Ingestion.Batches;
using Observability.Learning;
using Observability.Learning.Reflection;
using Observability.Projections;
using Observability.Sidecar.Hosting;

namespace Observability.Sidecar.Learning;

/// <summary>
/// Runs reflection: on the schedule (every <c>Learning:ReflectionIntervalHours</c> after the newest scheduled run in the
/// log, or after start when there is none) and on demand (<see cref="RequestAsync"/>, from <c>POST /api/v1/reflect</c>),
/// one at a time through one channel, so both take the same path. A run reads the learning projection once the host has
/// applied the whole durable log, and is appended as a <c>reflection:run</c> event with a deterministic id
/// (<c>reflection:scheduled:&lt;due time&gt;</c>, <c>reflection:demand:&lt;time&gt;</c>); it is done when the host has
/// applied it, so the playbook is in the log and folded from it, and survives restarts.
/// </summary>
internal sealed class ReflectionReaction(
    IngestionWriter writer, LearningProjection learning, EventLogHandle handle, DerivedReads reads, IOptions<LearningOptions> options, TimeProvider time,
    ILogger<ReflectionReaction> logger) : IReaction
{
    private readonly Channel<ReflectionRequest> _requests = Channel.CreateBounded<ReflectionRequest>(new BoundedChannelOptions(16)
    {
        FullMode = BoundedChannelFullMode.Wait,
        SingleReader = true,
    });

    private DateTimeOffset? _startedAt;

    public string Name => "reflection";

    /// <summary>Asks for a run on demand and waits for it to be stored and applied.</summary>
    public async Task<ReflectionResult> RequestAsync(CancellationToken cancellationToken)
    {
        var request = new ReflectionRequest();
        await _requests.Writer.WriteAsync(request, cancellationToken).ConfigureAwait(false);
        return await request.Result.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task RunAsync(ProjectionHost host, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(host);
        _startedAt ??= time.GetUtcNow();
        var interval = options.Value.ReflectionInterval;
        while (!cancellationToken.IsCancellationRequested)
        {
            var last = host.Read(() => learning.LastScheduledAt);
            var due = (last ?? _startedAt.Value) + interval;
            var wait = due - time.GetUtcNow();
            ReflectionRequest? request = null;
            if (wait > TimeSpan.Zero)
            {
                using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                var delay = Task.Delay(wait, time, timer.Token);
                var asked = _requests.Reader.WaitToReadAsync(cancellationToken).AsTask();
                await Task.WhenAny(delay, asked).ConfigureAwait(false);
                await timer.CancelAsync().ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
                if (!_requests.Reader.TryRead(out request) && time.GetUtcNow() < due)
                {
                    continue;
                }
            }

            if (request is null)
            {
                await RunOnceAsync(host, LearningNames.Scheduled, due, cancellationToken).ConfigureAwait(false);
                continue;
            }

            try
            {
                request.Result.TrySetResult(await RunOnceAsync(host, LearningNames.Demand, time.GetUtcNow(), cancellationToken).ConfigureAwait(false));
            }
            catch (Exception e)
            {
                request.Result.TrySetException(e);
                if (e is OperationCanceledException)
                {
                    throw;
                }
            }
        }
    }

    private async Task<ReflectionResult> RunOnceAsync(ProjectionHost host, string trigger, DateTimeOffset idTime, CancellationToken cancellationToken)
    {
        await reads.CatchUpAsync(cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var run = host.Read(() => Reflector.Run(learning, now, trigger, ReflectionRun.IdOf(trigger, idTime), host.Applied));
        var item = new BatchItem(0, Encoding.UTF8.GetBytes(ReflectionEvents.ToEvent(run).ToJsonString()), null);
        var result = await writer.IngestAsync([item], cancellationToken).ConfigureAwait(false);
        var stored = result.Items[0];
        if (stored.Status == ItemResult.Rejected)
        {
            throw new InvalidOperationException($"The reflection run {run.RunId} was refused: {stored.Field}: {stored.Reason}");
        }

        if (handle.Log is { } log)
        {
            await host.WaitForAsync(log.Status.NextSequence, DerivedReads.MaxWait, cancellationToken).ConfigureAwait(false);
        }

        var summary = run.Summary;
        Hosting.Log.ReflectionRan(logger, run.RunId, summary.FailurePatterns, summary.SuccessPatterns, summary.Rules, summary.AntiPatterns, stored.Status);
        return new ReflectionResult(run, stored.Status);
    }
}
