namespace Observability.Learning.Patterns;

/// <summary>What is known of one task between its events: its last start, its finished attempts, and its failures that wait for a success.</summary>
internal sealed class TaskTrack
{
    /// <summary>Failures of one task waiting for its success, at most; older ones are let go.</summary>
    public const int MaxOpenFailures = 64;

    public long StartedAtTicks { get; set; }

    public int Attempts { get; set; }

    public List<(PatternSeries<FailureRecord> Series, long Sequence)> OpenFailures { get; } = [];
}
