using Observability.Events;
using Observability.Projections;

namespace Observability.Analytics.Runs;

/// <summary>
/// The WS-METRICS contract's run records folded from <c>ws:execution</c>, <c>ws:phase</c>, <c>bug:fixed</c> and
/// <c>llm:call</c> events: one <see cref="RunState"/> per run, plus every call and fix for the cost and
/// scoreboard windows. Costs are estimated at fold time from the price table, which is fixed at start.
/// </summary>
/// <remarks>A projection: mutated only by the host's thread; query it only inside <see cref="ProjectionHost.Read{T}"/>.</remarks>
public sealed partial class RunRecordView : IProjection
{
    private readonly PriceTable _prices;
    private readonly int _maxKeys;
    private readonly Dictionary<string, RunState> _runs = new(StringComparer.Ordinal);
    private readonly List<RunState> _runOrder = [];
    private readonly List<CallLine> _calls = [];
    private readonly List<(long Ticks, bool Autonomous)> _bugFixes = [];
    private readonly Interner _models = new();
    private readonly Interner _phases = new();

    /// <summary>Creates the view with the (validated) price table of <paramref name="options"/>.</summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public RunRecordView(AnalyticsOptions options)
    {
        _prices = new PriceTable(options);
        _maxKeys = options.MaxKeys;
    }

    /// <inheritdoc />
    public string Name => "run-records";

    /// <inheritdoc />
    public int Version => 1;

    /// <inheritdoc />
    public string Settings => _prices.Fingerprint;

    /// <inheritdoc />
    public void Apply(in StoredEvent e)
    {
        switch (e.EventType)
        {
            case "ws:execution":
                Run(e.EntityId).ApplyExecution(e);
                break;
            case "ws:phase":
                Run(e.Metadata.Text("wsExecutionId"u8) ?? e.EntityId).AddPhase(e);
                break;
            case "bug:fixed" when e.Metadata.Text("wsExecutionId"u8) is { } id:
                AddBugFix(Run(id), e);
                break;
            case "llm:call":
                AddCall(e);
                break;
        }
    }

    private RunState Run(string id)
    {
        if (!_runs.TryGetValue(id, out var run))
        {
            run = new RunState(id);
            _runs.Add(id, run);
            _runOrder.Add(run);
        }

        return run;
    }

    private void AddBugFix(RunState run, in StoredEvent e)
    {
        var metadata = e.Metadata;
        var autonomous = metadata.Boolean("autonomous"u8) ?? false;
        run.AddBugFix(new BugFixRecord(
            e.EntityId, run.Id, e.Timestamp, autonomous, Full(metadata, "description"), Full(metadata, "rootCause"),
            Full(metadata, "testName"), Full(metadata, "fixSummary"), metadata.Strings("filesModified"), Full(metadata, "scopeId")));
        _bugFixes.Add((e.Timestamp.UtcTicks, autonomous));
    }

    private void AddCall(in StoredEvent e)
    {
        var metadata = e.Metadata;
        var (input, output) = (e.TokensInput ?? 0, e.TokensOutput ?? 0);
        var reported = metadata.Bounded("costUsd");
        var cost = reported ?? _prices.Estimate(e.Model, input, output);
        var run = metadata.Text("wsExecutionId"u8) is { } id ? Run(id) : null;
        var ticks = e.Timestamp.UtcTicks;
        var phase = _phases.Intern(metadata.Text("phase"u8));
        run?.AddCall(ticks, input, output, cost, reported is not null, phase >= 0 ? _phases[phase] : CostPhases.Unknown);
        _calls.Add(new CallLine(ticks, _models.Intern(e.Model), run, input, output, cost, reported is not null, phase));
    }

    // Free text (descriptions, summaries) is unique per event: decoded, not cached.
    private static string? Full(EventMetadata metadata, string name) => metadata.TryGet(name, out var v) ? v.GetString() : null;

    /// <summary>
    /// The run's usage per phase, adding up to <see cref="Usage"/>: its linked calls by their phase, or, without linked
    /// calls, its own reported totals under <see cref="CostPhases.Unknown"/> (a run's totals name no phase).
    /// </summary>
    private Dictionary<string, CostBucket> UsageByPhase(RunState run)
    {
        if (run.Calls > 0)
        {
            return run.CallsByPhase.ToDictionary(p => p.Key, p => p.Value.ToBucket(), StringComparer.Ordinal);
        }

        var usage = Usage(run);
        if (usage.Source != "reported")
        {
            return new Dictionary<string, CostBucket>(StringComparer.Ordinal);
        }

        var line = new CostAccumulator();
        line.Add(usage.Calls, usage.InputTokens, usage.OutputTokens, ReportedLineCost(usage), run.ReportedCost is not null);
        return new Dictionary<string, CostBucket>(StringComparer.Ordinal) { [CostPhases.Unknown] = line.ToBucket() };
    }

    /// <summary>A run's own totals as one cost line: NaN (unpriced) when its tokens have neither a cost nor a price.</summary>
    private static double ReportedLineCost(LlmFigures usage) =>
        usage.UnpricedInputTokens + usage.UnpricedOutputTokens > 0 ? double.NaN : usage.CostUsd;

    /// <summary>The run's usage: from its linked calls when it has any, else from its own reported totals.</summary>
    private LlmFigures Usage(RunState run)
    {
        if (run.Calls > 0)
        {
            return new LlmFigures(
                "calls", run.Calls, run.CallInputTokens, run.CallOutputTokens, run.CallCost, run.CallUnpricedInput, run.CallUnpricedOutput);
        }

        var (input, output) = (run.ReportedInputTokens ?? 0, run.ReportedOutputTokens ?? 0);
        var cost = run.ReportedCost ?? (input + output == 0 ? 0 : _prices.Estimate(run.Model, input, output));
        var reported = run.ReportedCost is not null || input + output > 0 || run.ReportedCalls is not null;
        return double.IsNaN(cost)
            ? new LlmFigures("reported", run.ReportedCalls ?? 0, input, output, 0, input, output)
            : new LlmFigures(reported ? "reported" : "none", run.ReportedCalls ?? 0, input, output, cost, 0, 0);
    }
}
