namespace Observability.CloudEvents;

/// <summary>The three content modes of the CloudEvents HTTP binding.</summary>
internal enum CloudEventMode
{
    /// <summary>Attributes in <c>ce-*</c> headers, the body is the data.</summary>
    Binary,

    /// <summary>One event as <c>application/cloudevents+json</c>.</summary>
    Structured,

    /// <summary>A JSON array of events as <c>application/cloudevents-batch+json</c>.</summary>
    Batch,
}
