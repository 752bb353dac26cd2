using System.Text.Json;
using Microsoft.Extensions.Options;
using Observability.Ingestion;
using Observability.Ingestion.Batches;
using Observability.Proposals;
using Observability.Sidecar.Endpoints;
using Observability.Sidecar.Hosting;

namespace Observability.Sidecar.Proposals;

/// <summary>
/// The proposals API: <c>GET /api/v1/proposals?status=</c> lists them (400 naming <c>status</c> for an unknown one);
/// <c>GET /api/v1/proposals/{id}</c> answers one (404 for an unknown id); <c>POST /api/v1/proposals/{id}/approve</c>
/// and <c>/reject</c> store the decision as an event (optional JSON body <c>{"by": "...", "reason": "..."}</c>) and
/// answer the proposal; deciding a proposal that is not pending (decided, withdrawn) is a 409 naming its status.
/// </summary>
internal static class ProposalEndpoints
{
    private const int MaxBodyBytes = 16 * 1024;
    private const int MaxByLength = 200;
    private const int MaxReasonLength = 2000;

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/v1/proposals", ListAsync);
        endpoints.MapGet("/api/v1/proposals/{id}", GetAsync);
        endpoints.MapPost("/api/v1/proposals/{id}/approve", (HttpContext c, string id, Decider d) => d.DecideAsync(c, id, ProposalEvents.Approved));
        endpoints.MapPost("/api/v1/proposals/{id}/reject", (HttpContext c, string id, Decider d) => d.DecideAsync(c, id, ProposalEvents.Rejected));
    }

    private static async Task ListAsync(HttpContext context, EventLogHandle state, DerivedReads reads, ProposalsProjection proposals, IOptions<ProposalsOptions> options)
    {
        var status = context.Request.Query["status"].ToString();
        if (status.Length > 0 && !ProposalStatus.All.Contains(status))
        {
            await AnalyticsQuery.ProblemAsync(context, new("status", $"'{status}' is not one of {string.Join(", ", ProposalStatus.All)}."));
            return;
        }

        if (await ExperimentEndpoints.NotReadyAsync(context, state))
        {
            return;
        }

        var baseUrl = options.Value.LinkBaseUrl;
        var (list, counts) = await reads.ReadAsync(
            () => (proposals.List(status.Length > 0 ? status : null).Select(p => ProposalAnswer.From(p, baseUrl)).ToList(), proposals.CountByStatus()),
            context.RequestAborted);
        await AnalyticsQuery.JsonAsync(context, new { counts, proposals = list });
    }

    private static async Task GetAsync(HttpContext context, string id, EventLogHandle state, DerivedReads reads, ProposalsProjection proposals, IOptions<ProposalsOptions> options)
    {
        if (await ExperimentEndpoints.NotReadyAsync(context, state))
        {
            return;
        }

        var answer = await reads.ReadAsync(() => proposals.Find(id) is { } p ? ProposalAnswer.From(p, options.Value.LinkBaseUrl) : null, context.RequestAborted);
        if (answer is null)
        {
            await UnknownAsync(context, id);
            return;
        }

        await AnalyticsQuery.JsonAsync(context, answer);
    }

    private static Task UnknownAsync(HttpContext context, string id) =>
        Problem.WriteAsync(context, StatusCodes.Status404NotFound, "Unknown proposal", $"id: no proposal '{id}'.", new { field = "id" });

    /// <summary>Stores approvals and rejections.</summary>
    internal sealed class Decider(
        EventLogHandle state, IngestionWriter writer, DerivedReads reads, ProposalsProjection proposals, IOptions<ProposalsOptions> options, TimeProvider time,
        ILogger<Decider> logger)
    {
        public async Task DecideAsync(HttpContext context, string id, string decision)
        {
            if (await ExperimentEndpoints.NotReadyAsync(context, state))
            {
                return;
            }

            if (await ReadBodyAsync(context) is not { } body)
            {
                return;
            }

            var proposal = await reads.ReadAsync(() => proposals.Find(id), context.RequestAborted);
            if (proposal is null)
            {
                await UnknownAsync(context, id);
                return;
            }

            var (status, eventId) = await reads.ReadAsync(() => (proposal.Status, ProposalEvents.DecisionId(decision, proposal.Id)), context.RequestAborted);
            if (status != ProposalStatus.Pending)
            {
                await ConflictAsync(context, id, status);
                return;
            }

            var stored = await DeclarationWrite.StoreAsync(
                context, state, writer, ProposalEvents.Decision(decision, proposal, body.By, body.Reason, time.GetUtcNow()));
            if (stored is null)
            {
                return;
            }

            // Two decisions at once: the one applied first decides, and the other is told so, as is a second of the same kind.
            var (decidedBy, answer) = await reads.ReadAsync(
                () => (proposal.DecisionEventId, ProposalAnswer.From(proposal, options.Value.LinkBaseUrl)), context.RequestAborted);
            if (stored.Status != ItemResult.Accepted || decidedBy != eventId)
            {
                await ConflictAsync(context, id, answer.Status);
                return;
            }

            Log.ProposalDecided(logger, id, answer.Status, body.By ?? "anonymous");
            await AnalyticsQuery.JsonAsync(context, answer);
        }

        private static Task ConflictAsync(HttpContext context, string id, string status) => Problem.WriteAsync(
            context, StatusCodes.Status409Conflict, "Proposal already decided",
            $"id: proposal '{id}' is {status}; only a pending proposal can be approved or rejected.", new { field = "id", proposalStatus = status });

        // An empty body is a decision without a name or reason.
        private static async Task<DecisionBody?> ReadBodyAsync(HttpContext context)
        {
            if (context.Request.ContentLength == 0 || (context.Request.ContentLength is null && context.Request.ContentType is null))
            {
                return new DecisionBody(null, null);
            }

            await using var bytes = await JsonBody.ReadAsync(context, MaxBodyBytes, "A decision");
            if (bytes is null)
            {
                return null;
            }

            try
            {
                using var document = JsonDocument.Parse(bytes.ToArray());
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    await InvalidAsync(context, "body", "must be a JSON object.");
                    return null;
                }

                var by = await TextAsync(context, document.RootElement, "by", MaxByLength);
                var reason = by.Ok ? await TextAsync(context, document.RootElement, "reason", MaxReasonLength) : default;
                return by.Ok && reason.Ok ? new DecisionBody(by.Value, reason.Value) : null;
            }
            catch (JsonException e)
            {
                await InvalidAsync(context, "body", $"is not JSON: {e.Message}");
                return null;
            }
        }

        private static async Task<(bool Ok, string? Value)> TextAsync(HttpContext context, JsonElement body, string field, int max)
        {
            if (!body.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return (true, null);
            }

            if (value.ValueKind != JsonValueKind.String || value.GetString()!.Length is 0 || value.GetString()!.Length > max)
            {
                await InvalidAsync(context, field, $"must be a string of 1 to {max} characters.");
                return (false, null);
            }

            return (true, value.GetString());
        }

        private static Task InvalidAsync(HttpContext context, string field, string detail) => Problem.WriteAsync(
            context, StatusCodes.Status400BadRequest, "Invalid decision", $"{field}: {detail}", new { field });
    }

    private sealed record DecisionBody(string? By, string? Reason);
}
