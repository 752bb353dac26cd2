namespace Observability.Sidecar.CloudEvents;

/// <summary>The <c>CloudEvents</c> section: limits of <c>POST /api/v1/cloudevents</c>.</summary>
public sealed class CloudEventsOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "CloudEvents";

    /// <summary>The default <see cref="MaxEventsPerBatch"/>: a generous batch for one CI system's burst.</summary>
    public const int DefaultMaxEventsPerBatch = 1_000;

    /// <summary>The largest upper bound an operator may set: the events endpoint's own item cap.</summary>
    public const int MaxMaxEventsPerBatch = 100_000;

    /// <summary>
    /// The most events one batch-mode request may hold; a larger batch is answered 413 and nothing of it is stored.
    /// The body is also bounded by <c>Sidecar:MaxRequestBodyBytes</c>.
    /// </summary>
    public int MaxEventsPerBatch { get; init; } = DefaultMaxEventsPerBatch;
}
