using System.Text.Json;
using Microsoft.Extensions.Options;
using Observability.Inbound;
using Observability.Ingestion;
using Observability.Ingestion.Batches;
using Observability.Metrics;
using Observability.Sidecar.Endpoints;
using Observability.Sidecar.Hosting;

namespace Observability.Sidecar.Inbound;

/// <summary>
/// The one way a receiver stores a source's documents: each is translated by the inbound rules into catalogue envelopes,
/// which go through the same durable ingestion as <c>/api/v1/events</c> (validation, idempotency by id, fsync), and the
/// answer is given per source item.
/// </summary>
internal sealed class InboundIngest
{
    private readonly EventLogHandle _state;
    private readonly IngestionWriter _writer;
    private readonly CounterFamily _items;

    public InboundIngest(IOptions<InboundOptions> options, EventLogHandle state, IngestionWriter writer, MetricRegistry registry, ILogger<InboundIngest> logger)
    {
        Mapping = InboundMapping.Load(options.Value.MappingFiles);
        _state = state;
        _writer = writer;
        _items = registry.CreateCounter(
            "inbound_items_total",
            "Items received from sources (OTLP records and data points, CloudEvents, webhook deliveries), by document kind and outcome: accepted, duplicate, ignored (no rule matched), rejected.",
            "kind",
            "outcome");
        Log.InboundRulesLoaded(logger, Mapping.RuleCount, string.Join(", ", Mapping.Kinds.Order(StringComparer.Ordinal)));
    }

    /// <summary>The rules, shipped and the operator's.</summary>
    public InboundMapping Mapping { get; }

    /// <summary>
    /// Translates and stores <paramref name="documents"/> of <paramref name="kind"/> (a fixed name per receiver, such as
    /// <c>otlp.log</c>: it is a label value); null when the log is not open or cannot write, with the 503 written.
    /// </summary>
    /// <remarks>
    /// The request's events are admitted together (events per second, daily quota) before any is stored, so a refusal
    /// stores none; <paramref name="limited"/> false skips that for callers without a caller identity of their own (the
    /// code hosts' webhooks, which prove themselves by signature and are limited per request).
    /// </remarks>
    public Task<InboundBatchResult?> IngestAsync(HttpContext context, string kind, IReadOnlyList<JsonElement> documents, bool limited = true) =>
        IngestAsync(context, kind, [.. documents.Select(InboundDocument.Of)], limited);

    /// <inheritdoc cref="IngestAsync(HttpContext, string, IReadOnlyList{JsonElement}, bool)"/>
    public async Task<InboundBatchResult?> IngestAsync(HttpContext context, string kind, IReadOnlyList<InboundDocument> documents, bool limited = true)
    {
        var owners = new List<int>();
        var events = new List<BatchItem>();
        var made = new int[documents.Count];
        for (var i = 0; i < documents.Count; i++)
        {
            foreach (var e in Mapping.Translate(kind, documents[i]).Events)
            {
                events.Add(BatchItem.Written(events.Count, e.Json, e.Layout));
                owners.Add(i);
                made[i]++;
            }
        }

        var statuses = new string?[documents.Count];
        var fields = new string?[documents.Count];
        var reasons = new string?[documents.Count];

        // The whole request is weighed against the log's size cap and admitted before its first chunk, so a refusal
        // stores none of it: an OTLP exporter does not retry a 507, and half a batch stored would stay half.
        if (_state.Log is not null && !_state.Stopping && await DurableIngest.OverLogSizeCapAsync(context, events))
        {
            return null;
        }

        await using var ticket = limited && events.Count > 0 ? await context.RequestServices.GetRequiredService<Security.EventAdmission>().AdmitAsync(context, events.Count) : null;
        if (limited && events.Count > 0 && ticket is null)
        {
            return null;
        }

        // Chunks no longer than the batch result's listing, so every event's own result is known.
        for (var start = 0; start < events.Count; start += BatchResult.MaxListedItems)
        {
            var count = Math.Min(BatchResult.MaxListedItems, events.Count - start);
            var chunk = new BatchItem[count];
            for (var j = 0; j < count; j++)
            {
                chunk[j] = BatchItem.Written(j, events[start + j].Json, events[start + j].Layout!);
            }

            var result = await DurableIngest.IngestAsync(context, _state, _writer, chunk, ticket ?? Security.EventTicket.Unlimited);
            if (result is null)
            {
                return null;
            }

            foreach (var item in result.Items)
            {
                var owner = owners[start + item.Index];
                statuses[owner] = Combine(statuses[owner], item.Status);
                if (item.Status == ItemResult.Rejected && fields[owner] is null)
                {
                    fields[owner] = item.Field;
                    reasons[owner] = item.Reason;
                }
            }
        }

        var items = new InboundItemResult[documents.Count];
        int accepted = 0, duplicates = 0, ignored = 0, rejected = 0;
        for (var i = 0; i < documents.Count; i++)
        {
            var status = made[i] == 0 ? InboundItemResult.Ignored : statuses[i] ?? InboundItemResult.Accepted;
            items[i] = new InboundItemResult(i, status, made[i], fields[i], reasons[i]);
            switch (status)
            {
                case InboundItemResult.Accepted: accepted++; break;
                case InboundItemResult.Duplicate: duplicates++; break;
                case InboundItemResult.Ignored: ignored++; break;
                default: rejected++; break;
            }
        }

        // Once per outcome, not per item: a batch of 512 records is one series lookup, not 512.
        Count(kind, InboundItemResult.Accepted, accepted);
        Count(kind, InboundItemResult.Duplicate, duplicates);
        Count(kind, InboundItemResult.Ignored, ignored);
        Count(kind, InboundItemResult.Rejected, rejected);
        return new InboundBatchResult(accepted, duplicates, ignored, rejected, items);
    }

    private void Count(string kind, string outcome, int items)
    {
        if (items > 0)
        {
            _items.WithLabels(kind, outcome).Inc(items);
        }
    }

    // An item is rejected if any of its events was, a duplicate only if all were, accepted otherwise.
    private static string Combine(string? current, string status) => (current, status) switch
    {
        (InboundItemResult.Rejected, _) or (_, ItemResult.Rejected) => InboundItemResult.Rejected,
        (null, ItemResult.Duplicate) or (InboundItemResult.Duplicate, ItemResult.Duplicate) => InboundItemResult.Duplicate,
        _ => InboundItemResult.Accepted,
    };
}
