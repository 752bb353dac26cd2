namespace Observability.Review.State;

/// <summary>A project's coverage around its latest merge: the last report before it and the latest after it.</summary>
internal sealed class CoverageState
{
    public double? Latest { get; set; }

    public string? LatestEventId { get; set; }

    public double? Before { get; set; }

    public string? BeforeEventId { get; set; }

    public string? MergeEventId { get; set; }

    public double? After { get; set; }

    public string? AfterEventId { get; set; }

    public void Write(BinaryWriter w)
    {
        w.WriteNullable(Latest);
        w.WriteNullable(LatestEventId);
        w.WriteNullable(Before);
        w.WriteNullable(BeforeEventId);
        w.WriteNullable(MergeEventId);
        w.WriteNullable(After);
        w.WriteNullable(AfterEventId);
    }

    public static CoverageState Read(BinaryReader r) => new()
    {
        Latest = r.ReadNullableDouble(),
        LatestEventId = r.ReadNullableString(),
        Before = r.ReadNullableDouble(),
        BeforeEventId = r.ReadNullableString(),
        MergeEventId = r.ReadNullableString(),
        After = r.ReadNullableDouble(),
        AfterEventId = r.ReadNullableString(),
    };
}

/// <summary>An approval (<c>workitem:reviewed</c> approved) of a work item.</summary>
internal sealed record Approval(DateTimeOffset At, string EventId);

/// <summary>An approval contradicted later: the work item reworked, or an escaped defect traced to it.</summary>
internal sealed record Contradiction(string WorkItem, string ReviewEventId, DateTimeOffset ApprovedAt, string LaterEventId, DateTimeOffset LaterAt, string Reason);

/// <summary>A work-statement run that changed files outside its allowed paths.</summary>
internal sealed record OutOfScope(string Run, DateTimeOffset At, string EventId, int Count, IReadOnlyList<string> Files, int AllowedPaths);
