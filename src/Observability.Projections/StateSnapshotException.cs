namespace Observability.Projections;

/// <summary>
/// A state snapshot passed its checks but could not be restored, leaving the projections partly restored: the
/// process must start again without it.
/// </summary>
public sealed class StateSnapshotException : Exception
{
    /// <summary>Creates the exception.</summary>
    public StateSnapshotException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public StateSnapshotException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the failure underneath.</summary>
    public StateSnapshotException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
