namespace Observability.CloudEvents;

/// <summary>A batch with more events than <c>CloudEvents:MaxEventsPerBatch</c>: answered 413, nothing stored.</summary>
public sealed class CloudEventBatchTooLargeException : Exception
{
    /// <summary>Creates the exception.</summary>
    public CloudEventBatchTooLargeException(int count, int limit)
        : base($"The batch holds {count} events, more than CloudEvents:MaxEventsPerBatch ({limit}); split it.")
    {
        Count = count;
        Limit = limit;
    }

    /// <summary>Creates the exception.</summary>
    public CloudEventBatchTooLargeException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public CloudEventBatchTooLargeException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public CloudEventBatchTooLargeException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>How many events the batch holds.</summary>
    public int Count { get; }

    /// <summary>The most a batch may hold.</summary>
    public int Limit { get; }
}
