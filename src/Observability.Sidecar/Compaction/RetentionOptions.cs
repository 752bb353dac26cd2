namespace Observability.Sidecar.Compaction;

/// <summary><c>Sidecar:Retention</c>: automatic compaction of the event log by age.</summary>
internal sealed class RetentionOptions
{
    public const string Section = "Sidecar:Retention";

    /// <summary>Events older than this are archived (whole sealed segments); null (the default) for no retention.</summary>
    public TimeSpan? MaxAge { get; set; }

    /// <summary>How often retention looks. Default one hour.</summary>
    public int IntervalSeconds { get; set; } = 3600;
}
