namespace Observability.Analytics.Pipeline;

/// <summary>
/// Computes ADR-009's summary from the facts in one pass plus one pass per entity kind. Events after the
/// scope's upper bound do not exist for the query; events before its lower bound are not counted, but a start
/// before the window still pairs with a completion inside it.
/// </summary>
/// <remarks>
/// A task belongs to a model by <see cref="TaskAttributes"/>, the rule the agent metrics place runs by. Cycle time of a task: <c>durationSeconds</c> of its latest successful completion in scope when given, else
/// that completion's timestamp minus the task's earliest <c>task:started</c> (rework is part of the cycle). A
/// completion with no earlier start counts as completed without a cycle time.
/// </remarks>
internal static partial class SummaryComputation
{
    private const double TicksPerSecond = TimeSpan.TicksPerSecond;

    public static PipelineSummary Compute(PipelineFacts facts, TimeScope scope, int maxKeys = int.MaxValue)
    {
        var (upper, lower) = (scope.UpperTicks, scope.LowerTicks);
        var tasks = new TaskState[facts.Tasks.Count];
        Array.Fill(tasks, TaskState.Empty);
        var chains = new byte[facts.Chains.Count];
        var requests = new RequestState[facts.Requests.Count];
        Array.Fill(requests, RequestState.Empty);
        var tokens = new (long In, long Out)[facts.Models.Count];
        var modelEvents = new int[facts.Models.Count];
        var attributes = TaskAttributes.Build(facts, upper);
        var events = 0;

        foreach (var f in facts.Facts)
        {
            if (f.Ticks > upper)
            {
                continue;
            }

            var inScope = f.Ticks >= lower;
            events += inScope ? 1 : 0;
            if (f.IsTask)
            {
                ref var t = ref tasks[f.Entity];
                if (f.Kind == FactKind.TaskStarted && f.Ticks < t.FirstStart)
                {
                    t.FirstStart = f.Ticks;
                }

                if (f.Chain >= 0)
                {
                    t.Chain = f.Chain;
                }

                if (!inScope)
                {
                    continue;
                }

                t.Seen = true;
                t.Reworked |= f.Kind == FactKind.TaskRework;

                // Tokens were spent on the model the event names; only an event naming none falls back to its task's.
                var model = f.Model >= 0 ? f.Model : attributes.Model(f.Entity);
                if (model >= 0)
                {
                    tokens[model].In += f.InputTokens;
                    tokens[model].Out += f.OutputTokens;
                    modelEvents[model]++;
                }

                if (f.Kind == FactKind.TaskCompleted && f.Ticks >= t.LastDone)
                {
                    (t.LastDone, t.LastDoneDuration) = (f.Ticks, f.Duration);
                }
            }
            else if (f.Kind is FactKind.ChainCreated or FactKind.ChainCompleted)
            {
                if (inScope)
                {
                    chains[f.Entity] |= (byte)(f.Kind == FactKind.ChainCompleted ? 3 : 1);
                }
            }
            else
            {
                ref var r = ref requests[f.Entity];
                if (f.Kind == FactKind.RequestCreated && f.Ticks < r.Created)
                {
                    r.Created = f.Ticks;
                }

                r.Seen |= inScope;
                if (inScope && f.Kind == FactKind.RequestClosed && f.Ticks >= r.Closed)
                {
                    (r.Closed, r.ClosedDuration) = (f.Ticks, f.Duration);
                }
            }
        }

        var taskFigures = Tasks(tasks, attributes, facts.Models.Count, out var perModel);
        var agents = Agents(facts, perModel, tokens, modelEvents, maxKeys, out var folded);
        return new PipelineSummary(
            events,
            facts.LastSequence,
            taskFigures,
            Chains(chains, tasks),
            Requests(requests),
            agents,
            folded is null ? null : new Dictionary<string, KeyOverflow>(StringComparer.Ordinal) { ["agents"] = folded });
    }
}
