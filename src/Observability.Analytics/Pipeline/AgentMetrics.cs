using System.Text.Json.Serialization;

namespace Observability.Analytics.Pipeline;

/// <summary>
/// The pipeline-observability contract's <c>GET /api/agent/metrics</c> answer, plus <see cref="ByExecutor"/>. Runs are placed by their task's
/// attributes (<see cref="TaskAttributes"/>), the rule the summary places tasks by.
/// </summary>
/// <param name="ExecutionTime">Nearest-rank p50 and p95 of the task run durations, in seconds.</param>
/// <param name="SuccessRate">Completed, failed and total task runs (the seed's name for the counts).</param>
/// <param name="ByTaskType">Success rate (0..1) per <c>metadata.taskType</c> (<c>unknown</c> when absent).</param>
/// <param name="ByModel">Runs, success rate and mean duration per <c>agent.model</c>.</param>
/// <param name="ByExecutor">Runs, success rate and mean duration per <c>metadata.executor</c>.</param>
/// <param name="Usage">The pipeline-observability contract's usage summary: tokens and cost, in all and by model.</param>
/// <param name="Overflow">
/// Per breakdown (<c>by_task_type</c>, <c>by_model</c>, <c>by_executor</c>) that reached <see cref="AnalyticsOptions.MaxKeys"/>, how many
/// keys its <c>__overflow__</c> entry holds; absent when none did, so a small answer keeps its shape.
/// </param>
public sealed record AgentMetrics(
    ExecutionTimeFigures ExecutionTime,
    SuccessCounts SuccessRate,
    IReadOnlyDictionary<string, TaskTypeFigures> ByTaskType,
    IReadOnlyDictionary<string, ModelRunFigures> ByModel,
    IReadOnlyDictionary<string, ExecutorFigures> ByExecutor,
    UsageSummary Usage,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, KeyOverflow>? Overflow = null);
