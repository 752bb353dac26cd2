namespace Observability.Ingestion;

/// <summary>The event log could not make a batch durable; nothing of it was kept. Hosts answer 503.</summary>
public sealed class EventLogUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public EventLogUnavailableException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public EventLogUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public EventLogUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
