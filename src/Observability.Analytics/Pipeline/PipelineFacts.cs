namespace Observability.Analytics.Pipeline;

/// <summary>
/// Keeps every task, chain and request event of the log as a compact <see cref="PipelineFact"/>, in log order.
/// Summaries are computed from the facts at query time, so the order events arrive in does not matter (a
/// completion stored before its start still pairs with it) and any past moment or window can be answered.
/// </summary>
/// <remarks>Mutated only by <see cref="Apply"/> under the feed's lock; read only through <see cref="AnalyticsFeed.Read{T}"/>.</remarks>
public sealed class PipelineFacts : IAnalyticsView
{
    private PipelineFact[] _facts = new PipelineFact[1024];

    // Few task events report a cost, so it is kept beside the facts by fact index rather than in every fact.
    private readonly Dictionary<int, double> _reportedCosts = [];

    internal Interner Tasks { get; } = new();

    internal Interner Chains { get; } = new();

    internal Interner Requests { get; } = new();

    internal Interner Models { get; } = new();

    internal Interner TaskTypes { get; } = new();

    internal Interner Executors { get; } = new();

    /// <summary>How many facts are kept.</summary>
    public int Count { get; private set; }

    /// <summary>The log sequence of the last fact, or -1.</summary>
    public long LastSequence { get; private set; } = -1;

    internal ReadOnlySpan<PipelineFact> Facts => _facts.AsSpan(0, Count);

    /// <inheritdoc />
    public void Apply(AnalyticsEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (KindOf(e) is not { } kind)
        {
            return;
        }

        var entities = kind switch
        {
            <= FactKind.TaskRework => Tasks,
            FactKind.ChainCreated or FactKind.ChainCompleted => Chains,
            _ => Requests,
        };
        var isTask = kind <= FactKind.TaskRework;
        var fact = new PipelineFact(
            e.Timestamp.UtcTicks,
            kind,
            entities.Intern(e.EntityId ?? string.Empty),
            isTask ? Chains.Intern(e.ChainId) : -1,
            Models.Intern(e.Model),
            isTask ? TaskTypes.Intern(e.MetadataString("taskType")) : -1,
            isTask ? Executors.Intern(e.MetadataString("executor")) : -1,
            e.MetadataNumber("durationSeconds") ?? double.NaN,
            Clamp(e.InputTokens),
            Clamp(e.OutputTokens));
        if (Count == _facts.Length)
        {
            Array.Resize(ref _facts, _facts.Length * 2);
        }

        if (isTask && e.MetadataNumber("costUsd") is { } cost)
        {
            _reportedCosts[Count] = cost;
        }

        _facts[Count++] = fact;
        LastSequence = e.Sequence;
    }

    /// <summary>The <c>metadata.costUsd</c> of the fact at <paramref name="index"/>, when its event reported one.</summary>
    internal double? ReportedCost(int index) => _reportedCosts.TryGetValue(index, out var cost) ? cost : null;

    private static FactKind? KindOf(AnalyticsEvent e) => e.EventType switch
    {
        "task:created" => FactKind.TaskCreated,
        "task:started" => FactKind.TaskStarted,
        "task:completed" => e.MetadataBoolean("success") == false ? FactKind.TaskCompletedUnsuccessfully : FactKind.TaskCompleted,
        "task:failed" => FactKind.TaskFailed,
        "task:rework" => FactKind.TaskRework,
        "chain:created" => FactKind.ChainCreated,
        "chain:completed" => FactKind.ChainCompleted,
        "request:created" => FactKind.RequestCreated,
        "request:closed" => FactKind.RequestClosed,
        _ => null,
    };

    // Token counts beyond int range are not realistic per event; saturating keeps the fact small.
    private static int Clamp(long? tokens) => tokens is { } t ? (int)Math.Clamp(t, 0, int.MaxValue) : 0;
}
