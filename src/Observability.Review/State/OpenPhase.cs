namespace Observability.Review.State;

/// <summary>A pipeline stage started and not completed.</summary>
internal sealed record OpenPhase(string Stage, string Entity, DateTimeOffset At, string EventId);
