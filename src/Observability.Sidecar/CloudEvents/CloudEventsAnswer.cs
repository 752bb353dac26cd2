using System.Text.Json;
using Observability.CloudEvents;
using Observability.Sidecar.Inbound;

namespace Observability.Sidecar.CloudEvents;

/// <summary>
/// The answer of <c>POST /api/v1/cloudevents</c>: the counts and one result per event of the request, in request order.
/// </summary>
internal sealed record CloudEventsAnswer(int Accepted, int Duplicates, int Ignored, int Rejected, IReadOnlyList<CloudEventResult> Items)
{
    /// <summary>
    /// Puts the events the binding refused and the results of those the rules translated back in request order;
    /// <paramref name="documents"/> are the valid items' documents in order, <paramref name="result"/> their results.
    /// </summary>
    public static CloudEventsAnswer Merge(IReadOnlyList<CloudEventItem> items, IReadOnlyList<JsonDocument> documents, InboundBatchResult result)
    {
        var results = new List<CloudEventResult>(items.Count);
        var next = 0;
        foreach (var item in items)
        {
            if (!item.IsValid)
            {
                results.Add(new CloudEventResult(item.Index, null, item.Type, InboundItemResult.Rejected, 0, item.Field, item.Reason));
                continue;
            }

            var root = documents[next].RootElement;
            var inbound = result.Items[next++];
            results.Add(new CloudEventResult(
                item.Index, root.GetProperty("id").GetString(), item.Type, inbound.Status, inbound.Events, inbound.Field, inbound.Reason));
        }

        return new CloudEventsAnswer(
            result.Accepted, result.Duplicates, result.Ignored, result.Rejected + items.Count(i => !i.IsValid), results);
    }
}

/// <summary>What became of one CloudEvent.</summary>
/// <param name="Index">Its position in the request (0 outside batch mode).</param>
/// <param name="Id">Its CloudEvents <c>id</c>, when it was read.</param>
/// <param name="Type">Its CloudEvents <c>type</c>, when it was read.</param>
/// <param name="Status"><c>accepted</c>, <c>duplicate</c>, <c>ignored</c> (no rule) or <c>rejected</c>.</param>
/// <param name="Events">How many catalogue events it was stored as.</param>
/// <param name="Field">For a rejection: the attribute, header or event field at fault.</param>
/// <param name="Reason">For a rejection: what is wrong.</param>
internal sealed record CloudEventResult(int Index, string? Id, string? Type, string Status, int Events, string? Field, string? Reason);
