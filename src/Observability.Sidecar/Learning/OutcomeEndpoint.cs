using System.Text.Json;
using Observability.Ingestion;
using Observability.Learning;
using Observability.Learning.Playbook;
using Observability.Sidecar.Endpoints;
using Observability.Sidecar.Hosting;

namespace Observability.Sidecar.Learning;

/// <summary>
/// <c>POST /api/v1/outcomes</c> <c>{"taskId": "...", "ruleIds": ["b-...", "ap-..."], "outcome": "success"|"failure"}</c>:
/// stored as a <c>context:outcome</c> event whose id is derived from the task and the rules, so a repeat is a duplicate
/// (200; the first outcome stands; 201 when new). Rule ids the playbook does not hold are answered in
/// <c>unknownRuleIds</c> and move nothing. A bad body is a 400 naming the field.
/// </summary>
internal static class OutcomeEndpoint
{
    /// <summary>Rules one outcome may name.</summary>
    public const int MaxRules = 50;

    private const int MaxBytes = 16 * 1024;
    private const int MaxIdLength = 256;

    public static async Task HandleAsync(
        HttpContext context, EventLogHandle state, IngestionWriter writer, DerivedReads reads, LearningProjection learning, TimeProvider time)
    {
        using var buffer = await JsonBody.ReadAsync(context, MaxBytes, "An outcome");
        if (buffer is null)
        {
            return;
        }

        if (Read(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), out var taskId, out var ruleIds, out var outcome) is { } error)
        {
            await AnalyticsQuery.ProblemAsync(context, error);
            return;
        }

        if (await ExperimentEndpoints.NotReadyAsync(context, state))
        {
            return;
        }

        var (known, unknown) = await reads.ReadAsync(
            () => (ruleIds.Where(id => learning.Rule(id) is not null).ToList(), ruleIds.Where(id => learning.Rule(id) is null).ToList()), context.RequestAborted);
        var e = OutcomeEvents.ToEvent(taskId, outcome, known, unknown, time.GetUtcNow());
        if (await DeclarationWrite.StoreAsync(context, state, writer, e) is not { } stored)
        {
            return;
        }

        await AnalyticsQuery.JsonAsync(
            context,
            new { id = stored.Id, status = stored.Status, taskId, outcome, ruleIds = known, unknownRuleIds = unknown },
            stored.Status == ItemResult.Accepted ? StatusCodes.Status201Created : StatusCodes.Status200OK);
    }

    /// <summary>The body's fields, or the first one wrong.</summary>
    internal static AnalyticsQuery.Error? Read(ReadOnlyMemory<byte> body, out string taskId, out List<string> ruleIds, out string outcome)
    {
        taskId = outcome = string.Empty;
        ruleIds = [];
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            return new AnalyticsQuery.Error("body", $"is not JSON: {e.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return new AnalyticsQuery.Error("body", "must be a JSON object with taskId, ruleIds and outcome.");
            }

            foreach (var property in root.EnumerateObject())
            {
                if (property.Name is not ("taskId" or "ruleIds" or "outcome"))
                {
                    return new AnalyticsQuery.Error(property.Name, "is not a field of an outcome; it takes taskId, ruleIds and outcome.");
                }
            }

            if (!root.TryGetProperty("taskId", out var task) || task.ValueKind != JsonValueKind.String || task.GetString() is not { Length: > 0 and <= MaxIdLength } id)
            {
                return new AnalyticsQuery.Error("taskId", $"is required: the task's id, 1 to {MaxIdLength} characters.");
            }

            taskId = id;
            if (!root.TryGetProperty("outcome", out var result) || result.GetString() is not (LearningNames.Success or LearningNames.Failure))
            {
                return new AnalyticsQuery.Error("outcome", "is required: success or failure.");
            }

            outcome = result.GetString()!;
            if (!root.TryGetProperty("ruleIds", out var rules) || rules.ValueKind != JsonValueKind.Array || rules.GetArrayLength() is 0 or > MaxRules)
            {
                return new AnalyticsQuery.Error("ruleIds", $"is required: the ids of the rules the task was shown, 1 to {MaxRules}.");
            }

            foreach (var rule in rules.EnumerateArray())
            {
                if (rule.ValueKind != JsonValueKind.String || rule.GetString() is not { Length: > 0 and <= 64 } ruleId)
                {
                    return new AnalyticsQuery.Error("ruleIds", "must hold rule ids (strings of 1 to 64 characters).");
                }

                if (!ruleIds.Contains(ruleId, StringComparer.Ordinal))
                {
                    ruleIds.Add(ruleId);
                }
            }

            return null;
        }
    }
}
