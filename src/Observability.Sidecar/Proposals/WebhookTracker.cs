using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Observability.Proposals;
using Observability.Sidecar.Endpoints;
using Observability.Sidecar.Webhooks;

namespace Observability.Sidecar.Proposals;

/// <summary>
/// The generic JSON webhook: each approved proposal POSTed to <c>Proposals:Webhook:Url</c> as a Standard Webhooks
/// payload (<c>{"type":"proposal.approved","timestamp":...,"data":{the proposal}}</c>), through the threshold
/// webhooks' sender, so with the same headers, signature (<c>Proposals:Webhook:Secret</c>), no redirects and timeout.
/// The message id is derived from the proposal, so a redelivery after a crash carries the id the receiver saw.
/// </summary>
internal sealed class WebhookTracker(Uri url, WebhookSender sender) : IProposalTracker
{
    public const string TrackerName = "webhook";

    public string Name => TrackerName;

    public string Server { get; } = url.GetComponents(UriComponents.SchemeAndServer, UriFormat.UriEscaped);

    public async Task<TrackerResult> DeliverAsync(ProposalAnswer proposal, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        var eventId = ProposalEvents.DeliveryId(TrackerName, proposal.Id);
        var message = new PendingCrossing(0, eventId, WebhookSignature.MessageId(eventId), Body(proposal));
        var result = await sender.SendAsync(url, message, cancellationToken).ConfigureAwait(false);
        return result.Delivered ? new TrackerResult(true, TrackerResult.Delivered) : TrackerResult.Failure(result.Outcome, result.RetryAfter);
    }

    /// <summary>
    /// The payload: the proposal as it was approved (what happened after, other trackers' deliveries or its finding
    /// closing, left out) and the decision's time, so every attempt sends the same bytes.
    /// </summary>
    public static byte[] Body(ProposalAnswer proposal)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        proposal = proposal with
        {
            Status = ProposalStatus.Approved,
            Deliveries = [],
            Finding = proposal.Finding with { ClosedAt = null, CloseReason = null },
            Events = [.. proposal.Events.Where(e => !e.StartsWith(ProposalEvents.Delivered, StringComparison.Ordinal) && !e.StartsWith(ProposalEvents.FindingClosed, StringComparison.Ordinal))],
        };
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("type", "proposal.approved");
            writer.WriteString("timestamp", (proposal.Decision?.At ?? proposal.Finding.OpenedAt).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
            writer.WritePropertyName("data");
            JsonSerializer.Serialize(writer, proposal, SidecarJson.WithNulls);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
