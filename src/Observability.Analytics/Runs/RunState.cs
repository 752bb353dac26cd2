using System.Text.Json;
using Observability.Events;

namespace Observability.Analytics.Runs;

/// <summary>
/// What the events of one run add up to so far. Every rule is independent of arrival order: the status is the
/// latest by timestamp (log order breaks ties), the start the earliest, so a late-arriving start never undoes a
/// completion.
/// </summary>
internal sealed partial class RunState(string id)
{
    public string Id { get; } = id;

    /// <summary>Whether any <c>ws:execution</c> event exists; phases, fixes and calls alone do not make a run.</summary>
    public bool Exists { get; private set; }

    public string? WsId { get; private set; }
    public string? WpId { get; private set; }
    public string? ScopeId { get; private set; }
    public string? Executor { get; private set; }
    public string? Model { get; private set; }
    public string Status { get; private set; } = "STARTED";
    public long StatusTicks { get; private set; } = long.MinValue;
    public long StartTicks { get; private set; } = long.MaxValue;
    public long FirstTicks { get; private set; } = long.MaxValue;
    public long LastTicks { get; private set; } = long.MinValue;
    public int? ReportedReworkCycles { get; private set; }
    public int? ReportedCalls { get; private set; }
    public long? ReportedInputTokens { get; private set; }
    public long? ReportedOutputTokens { get; private set; }
    public double? ReportedCost { get; private set; }
    public int? TestsWritten { get; private set; }
    public int? TestsPassing { get; private set; }
    public int? TestsFailing { get; private set; }
    public int? TestsSkipped { get; private set; }
    public JsonElement? FileMetrics { get; private set; }

    // Usage of the llm:call events linked to this run.
    public int Calls { get; private set; }
    public long CallInputTokens { get; private set; }
    public long CallOutputTokens { get; private set; }
    public double CallCost { get; private set; }
    public long CallUnpricedInput { get; private set; }
    public long CallUnpricedOutput { get; private set; }

    public List<PhaseRecord> Phases { get; } = [];
    public List<BugFixRecord> BugFixes { get; } = [];

    public bool IsFinished => Status is "COMPLETED" or "FAILED" or "HARD_STOP";

    public long StartedTicks => StartTicks != long.MaxValue ? StartTicks : FirstTicks;

    public long? CompletedTicks => IsFinished ? StatusTicks : null;

    public double? DurationSeconds => CompletedTicks is { } done && done >= StartedTicks
        ? (done - StartedTicks) / (double)TimeSpan.TicksPerSecond
        : null;

    public int ReworkCycles => ReportedReworkCycles ?? Phases.Count(p => p.Name == "verify" && p.Result == "fail");

    public void ApplyExecution(in StoredEvent e)
    {
        var metadata = e.Metadata;
        var ticks = e.Timestamp.UtcTicks;
        Exists = true;
        Touch(ticks);
        FirstTicks = Math.Min(FirstTicks, ticks);
        var status = metadata.Text("status"u8) ?? "STARTED";
        if (status == "STARTED")
        {
            StartTicks = Math.Min(StartTicks, ticks);
        }

        if (metadata.Text("startedAt"u8) is { } startedText && IsoTimestamp.TryParse(startedText, out var started))
        {
            StartTicks = Math.Min(StartTicks, started.UtcTicks);
        }

        if (ticks >= StatusTicks)
        {
            (Status, StatusTicks) = (status, ticks);
        }

        WsId = metadata.Text("wsId"u8) ?? WsId;
        WpId = metadata.Text("wpId"u8) ?? WpId;
        ScopeId = metadata.Text("scopeId"u8) ?? ScopeId;
        Executor = metadata.Text("executor"u8) ?? Executor;
        Model = e.Model ?? Model;
        ReportedReworkCycles = Int(metadata, "reworkCycles") ?? ReportedReworkCycles;
        ReportedCalls = Int(metadata, "llmCalls") ?? ReportedCalls;
        ReportedInputTokens = e.TokensInput ?? ReportedInputTokens;
        ReportedOutputTokens = e.TokensOutput ?? ReportedOutputTokens;
        ReportedCost = metadata.Bounded("costUsd") ?? ReportedCost;
        TestsWritten = Int(metadata, "testsWritten") ?? TestsWritten;
        TestsPassing = Int(metadata, "testsPassing") ?? TestsPassing;
        TestsFailing = Int(metadata, "testsFailing") ?? TestsFailing;
        TestsSkipped = Int(metadata, "testsSkipped") ?? TestsSkipped;
        if (metadata.TryGet("fileMetrics"u8, out var files))
        {
            // The metadata lives only during Apply; a run's file list is small enough to keep.
            FileMetrics = files.ToElement();
        }
    }

    /// <summary>
    /// Adds a phase; false when the run already has a phase with the same <c>event_id</c> (the WS-METRICS contract:
    /// unique per run). The <c>event_id</c> is <c>metadata.eventId</c>; events stored without it (a log written before
    /// the stored id was derived from the run, or a phase posted to the events endpoint) use their own id.
    /// </summary>
    public bool AddPhase(in StoredEvent e)
    {
        var metadata = e.Metadata;
        var eventId = metadata.TryGet("eventId"u8, out var given) && given.GetString() is { } text ? text : e.Id;
        if (Phases.Exists(p => p.EventId == eventId))
        {
            return false;
        }

        Touch(e.Timestamp.UtcTicks);
        DateTimeOffset? started = metadata.Text("startedAt"u8) is { } startedText && IsoTimestamp.TryParse(startedText, out var s) ? s : null;
        var duration = metadata.Bounded("durationSeconds")
            ?? (started is { } st && st <= e.Timestamp ? (e.Timestamp - st).TotalSeconds : null);
        var phase = new PhaseRecord(
            eventId, Int(metadata, "sequence"), metadata.Text("phase"u8) ?? string.Empty, started, e.Timestamp, duration,
            metadata.Text("result"u8), Int(metadata, "testsWritten"), Int(metadata, "testsPassing"), Int(metadata, "testsFailing"),
            Int(metadata, "filesModified"));
        var at = Phases.FindIndex(p => Order(phase, p) < 0);
        Phases.Insert(at < 0 ? Phases.Count : at, phase);
        return true;
    }

    public void AddBugFix(BugFixRecord fix)
    {
        Touch(fix.FixedAt.UtcTicks);
        var at = BugFixes.FindIndex(b => b.FixedAt > fix.FixedAt);
        BugFixes.Insert(at < 0 ? BugFixes.Count : at, fix);
    }

    /// <summary>Usage of the linked calls per run phase (<c>metadata.phase</c>; <see cref="CostPhases.Unknown"/> when absent).</summary>
    public SortedDictionary<string, CostAccumulator> CallsByPhase { get; } = new(StringComparer.Ordinal);

    /// <summary>Adds a linked call; <paramref name="cost"/> is NaN when it is unpriced.</summary>
    public void AddCall(long ticks, long input, long output, double cost, bool reported, string phase)
    {
        Touch(ticks);
        if (!CallsByPhase.TryGetValue(phase, out var byPhase))
        {
            byPhase = new CostAccumulator();
            CallsByPhase.Add(phase, byPhase);
        }

        byPhase.Add(1, input, output, cost, reported);
        Calls++;
        CallInputTokens += input;
        CallOutputTokens += output;
        if (double.IsNaN(cost))
        {
            CallUnpricedInput += input;
            CallUnpricedOutput += output;
        }
        else
        {
            CallCost += cost;
        }
    }

    private void Touch(long ticks) => LastTicks = Math.Max(LastTicks, ticks);

    private static int Order(PhaseRecord a, PhaseRecord b) =>
        (a.Sequence ?? int.MaxValue).CompareTo(b.Sequence ?? int.MaxValue) is var bySequence and not 0
            ? bySequence
            : a.CompletedAt.CompareTo(b.CompletedAt);

    private static int? Int(EventMetadata metadata, string name) =>
        metadata.Bounded(name) is { } n && n >= int.MinValue && n <= int.MaxValue ? (int)n : null;
}
