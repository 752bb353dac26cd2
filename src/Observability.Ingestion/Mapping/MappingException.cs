namespace Observability.Ingestion.Mapping;

/// <summary>A mapping file that cannot be loaded; the message names the file and the entry.</summary>
public sealed class MappingException : Exception
{
    /// <summary>Creates the exception.</summary>
    public MappingException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public MappingException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public MappingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
