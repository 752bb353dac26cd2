using Microsoft.Extensions.Options;
using Observability.Projections;
using Observability.Proposals;
using Observability.Sidecar.Hosting;
using Observability.Sidecar.Reactions;

namespace Observability.Sidecar.Proposals;

/// <summary>
/// With <c>Proposals:Autonomous</c> on, approves every pending proposal as it appears: a <c>proposal:approved</c> event
/// by <c>autonomous</c> with the deterministic id a person's approval would have, so the delivery reactions deliver it
/// like any approved proposal and the log says who decided. Off (the default), it does nothing: people decide.
/// </summary>
/// <remarks>The log is its position: a proposal is pending until its approval is applied, whatever crashed in between.</remarks>
internal sealed class AutoApprovalReaction(
    ProposalsProjection proposals, ProposalEventWriter store, EventLogHandle handle, ReactionHold hold, IOptions<ProposalsOptions> options, TimeProvider time,
    ILogger<AutoApprovalReaction> logger)
    : IReaction
{
    private const int Batch = 100;
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);
    private readonly HashSet<string> _refused = new(StringComparer.Ordinal);

    public string Name => "proposal-auto-approval";

    public async Task RunAsync(ProjectionHost host, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(host);
        if (!options.Value.Autonomous)
        {
            return;
        }

        while (!cancellationToken.IsCancellationRequested)
        {
            var applied = host.Applied;
            var pending = host.Read(() => proposals.Pending(Batch + _refused.Count)).Where(p => !_refused.Contains(p.Id)).Take(Batch).ToList();
            if (pending.Count == 0 || handle.Log is not { } log || handle.Stopping)
            {
                await host.WaitForAsync(applied + 1, Timeout.InfiniteTimeSpan, cancellationToken).ConfigureAwait(false);
                continue;
            }

            await hold.WaitAsync(cancellationToken).ConfigureAwait(false);
            var now = time.GetUtcNow();
            var approvals = pending.Select(p => ProposalEvents.Decision(ProposalEvents.Approved, p, ProposalEvents.AutonomousActor, null, now)).ToList();
            if (await store.StoreAsync(approvals, cancellationToken).ConfigureAwait(false) is not { } refused)
            {
                await Task.Delay(RetryDelay, time, cancellationToken).ConfigureAwait(false);
                continue;
            }

            foreach (var proposal in pending)
            {
                // Never appended, it would stay pending: remembered, so it is not sent again and again.
                if (refused.Contains(ProposalEvents.DecisionId(ProposalEvents.Approved, proposal.Id)))
                {
                    _refused.Add(proposal.Id);
                    continue;
                }

                Log.ProposalDecided(logger, proposal.Id, "approved", ProposalEvents.AutonomousActor);
            }

            await host.WaitForAsync(log.Status.NextSequence, Timeout.InfiniteTimeSpan, cancellationToken).ConfigureAwait(false);
        }
    }
}
