using Observability.Events;

namespace Observability.Projections;

/// <summary>
/// Events made durable together, handed to the host for applying: the writer's group, its records' first sequence
/// number, and what owns their bytes until the host has applied them.
/// </summary>
/// <param name="events">The events, in log order; their payloads must stay valid until <paramref name="release"/> runs.</param>
/// <param name="count">How many of <paramref name="events"/> are in the batch.</param>
/// <param name="release">Runs once the host no longer needs the payloads (gives a pooled buffer back); may be null.</param>
public sealed class EventBatch(StoredEvent[] events, int count, Action? release)
{
    /// <summary>The events in log order.</summary>
    public StoredEvent[] Events { get; } = events;

    /// <summary>How many events.</summary>
    public int Count { get; } = count;

    /// <summary>The sequence number of the first event's record; the others follow it.</summary>
    public long FirstSequence { get; set; } = -1;

    /// <summary>Gives the payloads back; runs once the host has applied the batch, or when it was never stored.</summary>
    public void Release() => release?.Invoke();
}
