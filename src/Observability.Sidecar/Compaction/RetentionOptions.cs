namespace Observability.Sidecar.Compaction;

/// <summary><c>Sidecar:Retention</c>: automatic compaction of the event log by age, by size, or both.</summary>
internal sealed class RetentionOptions
{
    public const string Section = "Sidecar:Retention";

    /// <summary>Events older than this are archived (whole sealed segments); null (the default) for no retention by age.</summary>
    public TimeSpan? MaxAge { get; set; }

    /// <summary>
    /// The live log's size above which its oldest sealed segments are archived until it is under (the segment the writer
    /// appends to never is, so the log may stay above by up to one segment); null (the default) for no retention by size.
    /// </summary>
    public long? MaxBytes { get; set; }

    /// <summary>How often retention looks. Default one hour.</summary>
    public int IntervalSeconds { get; set; } = 3600;
}
