namespace Observability.Metrics;

/// <summary>An exemplar as it landed: its labels, the value of the update and when it happened.</summary>
internal sealed record RecordedExemplar(Exemplar Exemplar, double Value, long UnixMilliseconds);
