using Observability.Ingestion;
using Observability.Learning;
using Observability.Learning.Context;
using Observability.Learning.Reflection;
using Observability.Sidecar.Endpoints;
using Observability.Sidecar.Hosting;

namespace Observability.Sidecar.Learning;

/// <summary>
/// The learning API. <c>POST /api/v1/reflect</c> runs a reflection now and answers its patterns and rules;
/// <c>GET /api/v1/context?task_type=&amp;agent_type=&amp;stage=&amp;q=&amp;limit=</c> answers what a runner should know
/// before it starts (400 naming an unknown or bad parameter); <c>POST /api/v1/outcomes</c> records which rules a task
/// was shown and how it ended (<see cref="OutcomeEndpoint"/>).
/// </summary>
internal static class LearningEndpoints
{
    /// <summary>The longest text a context parameter takes.</summary>
    public const int MaxParameterLength = 256;

    private static readonly string[] ContextParameters = ["task_type", "agent_type", "stage", "q", "limit"];

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/v1/reflect", ReflectAsync);
        endpoints.MapGet("/api/v1/context", ContextAsync);
        endpoints.MapPost("/api/v1/outcomes", OutcomeEndpoint.HandleAsync);
    }

    private static async Task ReflectAsync(HttpContext context, EventLogHandle state, ReflectionReaction reflection)
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

        ReflectionResult result;
        try
        {
            result = await reflection.RequestAsync(context.RequestAborted);
        }
        catch (EventLogUnavailableException)
        {
            await DurableIngest.UnavailableAsync(context, state);
            return;
        }

        var answer = ReflectionEvents.Metadata(result.Run);
        answer["status"] = result.Status;
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(answer.ToJsonString(), context.RequestAborted);
    }

    private static async Task ContextAsync(HttpContext context, EventLogHandle state, DerivedReads reads, LearningProjection learning, TimeProvider time)
    {
        if (Parse(context.Request, learning.Options, out var query) is { } error)
        {
            await AnalyticsQuery.ProblemAsync(context, error);
            return;
        }

        if (await ExperimentEndpoints.NotReadyAsync(context, state))
        {
            return;
        }

        var answer = await reads.ReadAsync(() => ContextAnswers.Compute(learning, query!, time.GetUtcNow()), context.RequestAborted);
        await AnalyticsQuery.JsonAsync(context, answer);
    }

    /// <summary>The query, or the first parameter that is unknown, repeated, too long or out of range.</summary>
    internal static AnalyticsQuery.Error? Parse(HttpRequest request, LearningOptions options, out ContextQuery? query)
    {
        query = null;
        if (AnalyticsQuery.Unknown(request, ContextParameters) is { } unknown)
        {
            return unknown;
        }

        var values = new string?[ContextParameters.Length];
        for (var i = 0; i < ContextParameters.Length; i++)
        {
            var given = request.Query[ContextParameters[i]];
            if (given.Count > 1)
            {
                return new AnalyticsQuery.Error(ContextParameters[i], "give it once.");
            }

            if (given.Count == 1 && (string.IsNullOrWhiteSpace(given[0]) || given[0]!.Length > MaxParameterLength))
            {
                return new AnalyticsQuery.Error(ContextParameters[i], $"must be 1 to {MaxParameterLength} characters.");
            }

            values[i] = given.Count == 1 ? given[0] : null;
        }

        var limit = options.ContextRules;
        if (values[4] is { } text && (!int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out limit)
            || limit < 1 || limit > options.ContextRules))
        {
            return new AnalyticsQuery.Error("limit", $"'{text}' is not a whole number from 1 to {options.ContextRules} (Learning:ContextRules).");
        }

        query = new ContextQuery(values[0], values[1], values[2], values[3], limit);
        return null;
    }
}
