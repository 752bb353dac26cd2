namespace Observability.Analytics.Windows;

/// <summary>A <c>threshold:crossed</c> record of the log, as the webhooks deliver it.</summary>
/// <param name="Sequence">Its log sequence.</param>
/// <param name="Id">The event's id.</param>
/// <param name="Timestamp">The event's timestamp.</param>
/// <param name="Metadata">The event's <c>metadata</c> object as stored (UTF-8 JSON), empty when it has none.</param>
public sealed record StoredCrossing(long Sequence, string Id, DateTimeOffset Timestamp, ReadOnlyMemory<byte> Metadata);
