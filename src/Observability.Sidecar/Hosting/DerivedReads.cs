using Observability.Projections;

namespace Observability.Sidecar.Hosting;

/// <summary>
/// Read-your-writes for every query and scrape: a read waits until the projection host has applied every record the
/// log had made durable when the read began (so a POST answered before it is in the answer), at most
/// <see cref="MaxWait"/>, then runs under the host's lock. A wait that runs out is counted
/// (<c>projection_read_timeouts_total</c>) and answered with the state there is.
/// </summary>
/// <remarks>
/// Writers do not wait for the host: an acknowledged POST needs only its fsync, and the few reads pay the hand-off
/// instead of every write (the host applies a durable group within a batch's time of its commit).
/// </remarks>
internal sealed class DerivedReads(ProjectionHost host, EventLogHandle handle)
{
    /// <summary>The longest a read waits for the host.</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(2);

    /// <summary>Waits until the host has every record durable now.</summary>
    public Task CatchUpAsync(CancellationToken cancellationToken) =>
        handle.Log is { } log ? host.WaitForAsync(log.Status.NextSequence, MaxWait, cancellationToken) : Task.CompletedTask;

    /// <summary>Runs <paramref name="query"/> on state that includes every record durable when it was called.</summary>
    public async Task<T> ReadAsync<T>(Func<T> query, CancellationToken cancellationToken)
    {
        await CatchUpAsync(cancellationToken).ConfigureAwait(false);
        return host.Read(query);
    }
}
