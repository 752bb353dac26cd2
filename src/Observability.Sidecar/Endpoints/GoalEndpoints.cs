using System.Text;
using Observability.Experiments.Declarations;
using Observability.Ingestion;
using Observability.Sidecar.Hosting;

namespace Observability.Sidecar.Endpoints;

/// <summary>
/// The goals API: <c>POST /api/v1/goals</c> stores a declaration as a <c>goal:declared</c> event (201, 200 for the same
/// declaration, 409 for another under the same name, 400 naming the field); <c>GET /api/v1/goals</c> and
/// <c>GET /api/v1/goals/{name}</c> answer progress, throughput, forecast, status and open units (404 for an unknown name).
/// </summary>
internal static class GoalEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/v1/goals", DeclareAsync);
        endpoints.MapGet("/api/v1/goals", ListAsync);
        endpoints.MapGet("/api/v1/goals/{name}", GetAsync);
    }

    private static async Task DeclareAsync(HttpContext context, EventLogHandle state, IngestionWriter writer, DerivedReads reads, ExperimentReads goals, TimeProvider time)
    {
        if (await DeclarationBody.ReadAsync<GoalSpec>(context) is not { } spec)
        {
            return;
        }

        if (GoalValidator.Validate(spec, out var errors) is not { } goal)
        {
            await DeclarationBody.InvalidAsync(context, errors);
            return;
        }

        var canonical = Canonical(goal);
        var existing = await reads.ReadAsync(() => goals.Goals.Find(goal.Name), context.RequestAborted);
        if (existing is null)
        {
            if (await DeclarationWrite.StoreAsync(context, state, writer, DeclarationEvents.Declared(goal, time.GetUtcNow())) is null)
            {
                return;
            }

            existing = await reads.ReadAsync(() => goals.Goals.Find(goal.Name), context.RequestAborted);
            if (existing is not null && Canonical(existing) == canonical)
            {
                context.Response.Headers.Location = $"/api/v1/goals/{goal.Name}";
                await AnalyticsQuery.JsonAsync(context, (await goals.GoalAsync(goal.Name, context.RequestAborted))!, StatusCodes.Status201Created);
                return;
            }
        }

        if (existing is not null && Canonical(existing) == canonical)
        {
            await AnalyticsQuery.JsonAsync(context, (await goals.GoalAsync(goal.Name, context.RequestAborted))!);
            return;
        }

        await Problem.WriteAsync(
            context, StatusCodes.Status409Conflict, "Goal exists",
            $"name: a goal '{goal.Name}' is already declared differently; declarations are immutable, declare a new name.", new { field = "name" });
    }

    private static async Task ListAsync(HttpContext context, EventLogHandle state, ExperimentReads goals)
    {
        if (await ExperimentEndpoints.NotReadyAsync(context, state))
        {
            return;
        }

        await AnalyticsQuery.JsonAsync(context, new { goals = await goals.GoalsAsync(context.RequestAborted) });
    }

    private static async Task GetAsync(HttpContext context, string name, EventLogHandle state, ExperimentReads goals)
    {
        if (await ExperimentEndpoints.NotReadyAsync(context, state))
        {
            return;
        }

        if (await goals.GoalAsync(name, context.RequestAborted) is not { } answer)
        {
            await Problem.WriteAsync(context, StatusCodes.Status404NotFound, "Unknown goal", $"name: no goal '{name}' is declared.", new { field = "name" });
            return;
        }

        await AnalyticsQuery.JsonAsync(context, answer);
    }

    private static string Canonical(Goal goal) => Encoding.UTF8.GetString(DeclarationJson.Write(goal.ToSpec()));
}
