using System.Text;
using System.Text.Json.Nodes;
using Observability.Ingestion;
using Observability.Ingestion.Batches;
using Observability.Sidecar.Hosting;

namespace Observability.Sidecar.Endpoints;

/// <summary>Stores one event the sidecar made (a declaration, an exposure) through the ingestion writer.</summary>
internal static class DeclarationWrite
{
    /// <summary>The item's result (accepted or duplicate); null with the problem written when the log cannot take it or refused it.</summary>
    public static async Task<ItemResult?> StoreAsync(HttpContext context, EventLogHandle state, IngestionWriter writer, JsonObject e)
    {
        var items = new[] { new BatchItem(0, Encoding.UTF8.GetBytes(e.ToJsonString()), null) };
        if (await DurableIngest.IngestAsync(context, state, writer, items) is not { } result)
        {
            return null;
        }

        var item = result.Items[0];
        if (item.Status == ItemResult.Rejected)
        {
            await Problem.WriteAsync(
                context, StatusCodes.Status400BadRequest, "Invalid declaration", $"{item.Field}: {item.Reason}", new { field = item.Field });
            return null;
        }

        return item;
    }
}
