using Observability.Ingestion;
using Observability.Review;
using Observability.Review.Checks;
using Observability.Review.Findings;
using Observability.Review.State;
using Observability.Sidecar.Endpoints;
using Observability.Sidecar.Hosting;

namespace Observability.Sidecar.Review;

/// <summary>
/// The review API: <c>POST /api/v1/review</c> runs one review and answers what it opened and closed;
/// <c>GET /api/v1/review/priorities</c> the suggested order of open work with the reason for each move;
/// <c>GET /api/v1/findings?status=&amp;kind=&amp;severity=</c> lists findings and <c>GET /api/v1/findings/{id}</c> answers
/// one (404 unknown). A bad parameter is a 400 problem naming it.
/// </summary>
internal static class ReviewEndpoints
{
    /// <summary>Entries <c>GET /api/v1/review/priorities</c> answers by default, and at most.</summary>
    public const int DefaultLimit = 100, MaxLimit = 10_000;

    private static readonly string[] Statuses = ["open", "closed", "all"];

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/v1/review", RunAsync);
        endpoints.MapGet("/api/v1/review/priorities", PrioritiesAsync);
        endpoints.MapGet("/api/v1/findings", ListAsync);
        endpoints.MapGet("/api/v1/findings/{id}", GetAsync);
    }

    private static async Task RunAsync(HttpContext context, EventLogHandle state, ReviewRunner runner)
    {
        if (AnalyticsQuery.Unknown(context.Request) is { } unknown)
        {
            await AnalyticsQuery.ProblemAsync(context, unknown);
            return;
        }

        if (await ExperimentEndpoints.NotReadyAsync(context, state))
        {
            return;
        }

        try
        {
            await AnalyticsQuery.JsonAsync(context, await runner.RunAsync(ReviewTriggers.Request, context.RequestAborted));
        }
        catch (EventLogUnavailableException)
        {
            await DurableIngest.UnavailableAsync(context, state);
        }
    }

    private static async Task PrioritiesAsync(
        HttpContext context, EventLogHandle state, DerivedReads reads, ReviewState review, ExperimentReads goals, TimeProvider time)
    {
        if (AnalyticsQuery.Unknown(context.Request, "limit") is { } unknown)
        {
            await AnalyticsQuery.ProblemAsync(context, unknown);
            return;
        }

        var limit = DefaultLimit;
        if (context.Request.Query.TryGetValue("limit", out var text)
            && (!int.TryParse(text.ToString(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxLimit))
        {
            await AnalyticsQuery.ProblemAsync(context, new AnalyticsQuery.Error("limit", $"give a whole number from 1 to {MaxLimit} (got '{text}')."));
            return;
        }

        if (await ExperimentEndpoints.NotReadyAsync(context, state))
        {
            return;
        }

        var now = time.GetUtcNow();
        var goalInputs = (await goals.GoalsAsync(context.RequestAborted))
            .Select(a => new GoalInput(a.Name, a.Status, a.LastProgressAt, a.OpenCount, a.OpenUnits)).ToList();
        var entries = await reads.ReadAsync(() => Priorities.Compute(review, goalInputs, now, limit), context.RequestAborted);
        await AnalyticsQuery.JsonAsync(context, new { at = now, tasks = entries });
    }

    private static async Task ListAsync(HttpContext context, EventLogHandle state, DerivedReads reads, FindingsProjection findings)
    {
        var query = context.Request.Query;
        if (AnalyticsQuery.Unknown(context.Request, "status", "kind", "severity") is { } unknown)
        {
            await AnalyticsQuery.ProblemAsync(context, unknown);
            return;
        }

        var status = query["status"].ToString() is { Length: > 0 } s ? s : "open";
        var kind = query["kind"].ToString() is { Length: > 0 } k ? k : null;
        var severity = query["severity"].ToString() is { Length: > 0 } v ? v : null;
        var error = !Statuses.Contains(status) ? new AnalyticsQuery.Error("status", $"'{status}' is not one of {string.Join(", ", Statuses)}.")
            : kind is not null && FindingKinds.Find(kind) is null ? new AnalyticsQuery.Error("kind", $"'{kind}' is not one of {string.Join(", ", FindingKinds.All.Select(x => x.Name))}.")
            : severity is not null && Severities.Rank(severity) < 0 ? new AnalyticsQuery.Error("severity", $"'{severity}' is not one of {string.Join(", ", Severities.All)}.")
            : null;
        if (error is not null)
        {
            await AnalyticsQuery.ProblemAsync(context, error);
            return;
        }

        if (await ExperimentEndpoints.NotReadyAsync(context, state))
        {
            return;
        }

        var selected = await reads.ReadAsync(
            () => findings.All()
                .Where(f => status == "all" || (status == "open") == f.IsOpen)
                .Where(f => kind is null || f.Kind == kind)
                .Where(f => severity is null || f.Severity == severity)
                .Select(FindingAnswer.Of)
                .ToList(),
            context.RequestAborted);
        await AnalyticsQuery.JsonAsync(context, new { count = selected.Count, findings = selected });
    }

    private static async Task GetAsync(HttpContext context, string id, EventLogHandle state, DerivedReads reads, FindingsProjection findings)
    {
        if (AnalyticsQuery.Unknown(context.Request) is { } unknown)
        {
            await AnalyticsQuery.ProblemAsync(context, unknown);
            return;
        }

        if (await ExperimentEndpoints.NotReadyAsync(context, state))
        {
            return;
        }

        if (await reads.ReadAsync(() => findings.Find(id) is { } f ? FindingAnswer.Of(f) : null, context.RequestAborted) is not { } answer)
        {
            await Problem.WriteAsync(context, StatusCodes.Status404NotFound, "Unknown finding", $"id: no finding '{id}' is known.", new { field = "id" });
            return;
        }

        await AnalyticsQuery.JsonAsync(context, answer);
    }
}
