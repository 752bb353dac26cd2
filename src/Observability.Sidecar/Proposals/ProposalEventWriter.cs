using System.Text;
using System.Text.Json.Nodes;
using Observability.Ingestion;
using Observability.Ingestion.Batches;
using Observability.Sidecar.Hosting;

namespace Observability.Sidecar.Proposals;

/// <summary>
/// Appends the events the proposal reactions derive (automatic approvals, deliveries) through the ingestion writer:
/// validated, durable and applied like any event. Their ids are deterministic, so a duplicate answer means done.
/// </summary>
internal sealed class ProposalEventWriter(IngestionWriter writer, ILogger<ProposalEventWriter> logger)
{
    /// <summary>
    /// The ids of the events validation refused (empty when every event is in the log, accepted now or before); null when
    /// the log could not take them.
    /// </summary>
    public async Task<IReadOnlySet<string>?> StoreAsync(IReadOnlyList<JsonObject> events, CancellationToken cancellationToken)
    {
        var items = events.Select((e, i) => new BatchItem(i, Encoding.UTF8.GetBytes(e.ToJsonString()), null)).ToList();
        BatchResult result;
        try
        {
            result = await writer.IngestAsync(items, cancellationToken).ConfigureAwait(false);
        }
        catch (EventLogUnavailableException e)
        {
            Log.ProposalEventsNotStored(logger, e);
            return null;
        }

        var refused = new HashSet<string>(StringComparer.Ordinal);

        for (var i = 0; i < events.Count; i++)
        {
            if (result.Items[i] is { Status: ItemResult.Rejected } rejected)
            {
                // Its own events always validate; one that does not is a defect, reported rather than retried forever.
                var id = events[i]["id"]!.GetValue<string>();
                refused.Add(id);
                Log.ProposalEventRejected(logger, id, rejected.Field, rejected.Reason);
            }
        }

        return refused;
    }
}
