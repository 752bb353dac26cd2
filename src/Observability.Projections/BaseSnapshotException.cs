namespace Observability.Projections;

/// <summary>
/// The log was compacted and its base snapshot (the derived state of the archived records) is missing or no longer fits
/// the projections (a version or setting changed): start-up stops rather than answer figures without the archived
/// events. The way out: <c>agentobs restore-archive</c>, then <c>agentobs refresh</c>.
/// </summary>
public sealed class BaseSnapshotException : Exception
{
    /// <summary>Creates the exception.</summary>
    public BaseSnapshotException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public BaseSnapshotException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the failure underneath.</summary>
    public BaseSnapshotException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
