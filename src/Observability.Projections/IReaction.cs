namespace Observability.Projections;

/// <summary>
/// What must happen because of an event (append a derived event, deliver a webhook): run after projection, in log order,
/// from a durable position of its own, so it runs at least once per event across restarts and crashes; idempotent by
/// deterministic ids, so running twice changes nothing. Unlike an <see cref="IProjection"/> it may do I/O and append.
/// </summary>
public interface IReaction
{
    /// <summary>The reaction's name, for logs and its position file.</summary>
    string Name { get; }

    /// <summary>
    /// Runs until <paramref name="cancellationToken"/> is cancelled: waits for the host to apply events
    /// (<see cref="ProjectionHost.WaitBeyondAsync"/>), reads what it needs from the projections
    /// (<see cref="ProjectionHost.Read{T}"/>), acts, then moves its durable position past what it has done.
    /// </summary>
    Task RunAsync(ProjectionHost host, CancellationToken cancellationToken);
}
