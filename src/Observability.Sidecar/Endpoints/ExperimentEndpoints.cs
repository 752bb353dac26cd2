using System.Text;
using Microsoft.Extensions.Options;
using Observability.Experiments;
using Observability.Experiments.Assignment;
using Observability.Experiments.Declarations;
using Observability.Experiments.Experiments;
using Observability.Ingestion;
using Observability.Sidecar.Hosting;

namespace Observability.Sidecar.Endpoints;

/// <summary>
/// The experiments API. <c>POST /api/v1/experiments</c> stores a declaration as an <c>experiment:declared</c> event
/// (201 with the answer; 200 when the same declaration exists; 409 when the name is declared otherwise; 400 naming the
/// field). <c>GET /api/v1/experiments</c> lists them with status and verdicts; <c>GET /api/v1/experiments/{name}</c>
/// answers every statistic (404 for an unknown name); <c>GET /api/v1/experiments/{name}/assign?unit=ID</c> answers the
/// unit's sticky variant and stores the exposure (a repeat is a duplicate, not a second exposure).
/// </summary>
internal static class ExperimentEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/v1/experiments", DeclareAsync);
        endpoints.MapGet("/api/v1/experiments", ListAsync);
        endpoints.MapGet("/api/v1/experiments/{name}", GetAsync);
        endpoints.MapGet("/api/v1/experiments/{name}/assign", AssignAsync);
    }

    private static async Task DeclareAsync(
        HttpContext context, EventLogHandle state, IngestionWriter writer, DerivedReads reads, ExperimentReads experiments, TimeProvider time, IOptions<ExperimentsOptions> options)
    {
        if (await DeclarationBody.ReadAsync<ExperimentSpec>(context) is not { } spec)
        {
            return;
        }

        if (ExperimentValidator.Validate(spec, options.Value.AllDimensions(), out var errors) is not { } experiment)
        {
            await DeclarationBody.InvalidAsync(context, errors);
            return;
        }

        var canonical = Canonical(experiment);
        var existing = await reads.ReadAsync(() => experiments.Experiments.Find(experiment.Name), context.RequestAborted);
        if (existing is null)
        {
            if (await DeclarationWrite.StoreAsync(context, state, writer, DeclarationEvents.Declared(experiment, time.GetUtcNow())) is null)
            {
                return;
            }

            existing = await reads.ReadAsync(() => experiments.Experiments.Find(experiment.Name), context.RequestAborted);
            if (existing is not null && Canonical(existing) == canonical)
            {
                context.Response.Headers.Location = $"/api/v1/experiments/{experiment.Name}";
                await AnalyticsQuery.JsonAsync(context, (await experiments.ExperimentAsync(experiment.Name, context.RequestAborted))!, StatusCodes.Status201Created);
                return;
            }
        }

        if (existing is not null && Canonical(existing) == canonical)
        {
            await AnalyticsQuery.JsonAsync(context, (await experiments.ExperimentAsync(experiment.Name, context.RequestAborted))!);
            return;
        }

        await Problem.WriteAsync(
            context, StatusCodes.Status409Conflict, "Experiment exists",
            $"name: an experiment '{experiment.Name}' is already declared differently; declarations are immutable, declare a new name.", new { field = "name" });
    }

    private static async Task ListAsync(HttpContext context, EventLogHandle state, ExperimentReads experiments)
    {
        if (await NotReadyAsync(context, state))
        {
            return;
        }

        var answers = await experiments.ExperimentsAsync(context.RequestAborted);
        await AnalyticsQuery.JsonAsync(context, new { experiments = answers.Select(ExperimentListItem.Of) });
    }

    private static async Task GetAsync(HttpContext context, string name, EventLogHandle state, ExperimentReads experiments)
    {
        if (await NotReadyAsync(context, state))
        {
            return;
        }

        if (await experiments.ExperimentAsync(name, context.RequestAborted) is not { } answer)
        {
            await UnknownAsync(context, name);
            return;
        }

        await AnalyticsQuery.JsonAsync(context, answer);
    }

    private static async Task AssignAsync(HttpContext context, string name, EventLogHandle state, IngestionWriter writer, DerivedReads reads, ExperimentReads experiments, TimeProvider time)
    {
        var units = context.Request.Query["unit"];
        if (units.Count != 1 || string.IsNullOrEmpty(units[0]) || units[0]!.Length > 256)
        {
            await AnalyticsQuery.ProblemAsync(context, new AnalyticsQuery.Error("unit", "is required once: the unit's id (a task id, a work item), 1 to 256 characters."));
            return;
        }

        if (await NotReadyAsync(context, state))
        {
            return;
        }

        var unit = units[0]!;
        if (await reads.ReadAsync(() => experiments.Experiments.Find(name), context.RequestAborted) is not { } experiment)
        {
            await UnknownAsync(context, name);
            return;
        }

        var variant = experiment.Variants[Assigner.Assign(experiment, unit)];
        var exposure = DeclarationEvents.Exposed(experiment.Name, unit, variant, time.GetUtcNow());
        if (await DeclarationWrite.StoreAsync(context, state, writer, exposure) is not { } stored)
        {
            return;
        }

        await AnalyticsQuery.JsonAsync(context, new
        {
            experiment = experiment.Name,
            unit,
            variant,
            dimension = experiment.Dimension,
            exposure = new { id = stored.Id, status = stored.Status },
        });
    }

    private static string Canonical(Experiment experiment) => Encoding.UTF8.GetString(DeclarationJson.Write(experiment.ToSpec()));

    private static Task UnknownAsync(HttpContext context, string name) => Problem.WriteAsync(
        context, StatusCodes.Status404NotFound, "Unknown experiment", $"name: no experiment '{name}' is declared.", new { field = "name" });

    /// <summary>503 while the log replays at start: the answers would be of a partial log.</summary>
    internal static async Task<bool> NotReadyAsync(HttpContext context, EventLogHandle state)
    {
        if (state.Log is not null)
        {
            return false;
        }

        await DurableIngest.UnavailableAsync(context, state);
        return true;
    }
}
