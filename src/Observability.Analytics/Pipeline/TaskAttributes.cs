namespace Observability.Analytics.Pipeline;

/// <summary>
/// The one rule by which the summary and the agent metrics place a task: its task type, model and executor are each
/// the value of its latest event (by timestamp, log order breaking ties) that carries one, among the events that
/// exist for the query (stamped at or before its upper bound, so a <c>task:created</c> before a window still names
/// the type of a completion inside it). Values come from any of the task's events: <c>task:created</c> often carries
/// the type, <c>task:started</c> the model, the outcome neither.
/// </summary>
internal sealed class TaskAttributes
{
    private readonly Latest[] _types;
    private readonly Latest[] _models;
    private readonly Latest[] _executors;

    private TaskAttributes(int tasks)
    {
        _types = new Latest[tasks];
        _models = new Latest[tasks];
        _executors = new Latest[tasks];
        Array.Fill(_types, Latest.None);
        Array.Fill(_models, Latest.None);
        Array.Fill(_executors, Latest.None);
    }

    public static TaskAttributes Build(PipelineFacts facts, long upperTicks)
    {
        var attributes = new TaskAttributes(facts.Tasks.Count);
        foreach (var f in facts.Facts)
        {
            if (!f.IsTask || f.Ticks > upperTicks)
            {
                continue;
            }

            attributes._types[f.Entity].See(f.TaskType, f.Ticks);
            attributes._models[f.Entity].See(f.Model, f.Ticks);
            attributes._executors[f.Entity].See(f.Executor, f.Ticks);
        }

        return attributes;
    }

    /// <summary>The task's interned task type, or -1.</summary>
    public int TaskType(int task) => _types[task].Value;

    /// <summary>The task's interned model, or -1.</summary>
    public int Model(int task) => _models[task].Value;

    /// <summary>The task's interned executor, or -1.</summary>
    public int Executor(int task) => _executors[task].Value;

    private struct Latest
    {
        public static readonly Latest None = new() { Value = -1, Ticks = long.MinValue };

        public int Value;
        public long Ticks;

        // Facts are visited in log order, so ">=" lets the later of two equal timestamps win.
        public void See(int value, long ticks)
        {
            if (value >= 0 && ticks >= Ticks)
            {
                (Value, Ticks) = (value, ticks);
            }
        }
    }
}
