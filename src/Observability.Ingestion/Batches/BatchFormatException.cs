namespace Observability.Ingestion.Batches;

/// <summary>A JSON body that is not JSON at all: no item boundaries can be found, so the whole request is a 400.</summary>
public sealed class BatchFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    public BatchFormatException(string message, long bytePosition, long line)
        : base(message)
    {
        BytePosition = bytePosition;
        Line = line;
    }

    /// <summary>Creates the exception.</summary>
    public BatchFormatException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public BatchFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public BatchFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Zero-based byte offset of the problem in the body.</summary>
    public long BytePosition { get; }

    /// <summary>Zero-based line of the problem.</summary>
    public long Line { get; }
}
