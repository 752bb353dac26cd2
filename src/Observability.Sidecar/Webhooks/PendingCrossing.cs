namespace Observability.Sidecar.Webhooks;

/// <summary>A <c>threshold:crossed</c> record of the log, ready to POST.</summary>
/// <param name="Sequence">Its log sequence.</param>
/// <param name="EventId">The stored event's id.</param>
/// <param name="MessageId">The id it is sent under (<see cref="WebhookSignature.MessageId"/>).</param>
/// <param name="Body">The JSON body (<see cref="CrossingBody"/>).</param>
internal sealed record PendingCrossing(long Sequence, string EventId, string MessageId, byte[] Body);
