namespace Observability.Ingestion.Batches;

/// <summary>A body holds more items than a request may: found by counting them, before any item is parsed.</summary>
public sealed class BatchLimitException : Exception
{
    /// <summary>Creates the exception for a body over <paramref name="limit"/> items.</summary>
    public BatchLimitException(int limit)
        : base($"the body holds more than {limit} items")
    {
        Limit = limit;
    }

    /// <summary>Creates the exception.</summary>
    public BatchLimitException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public BatchLimitException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public BatchLimitException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The most items a request may hold.</summary>
    public int Limit { get; }
}
