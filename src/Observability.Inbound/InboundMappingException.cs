namespace Observability.Inbound;

/// <summary>A rules file that cannot be used: the message names the file, the rule and the field.</summary>
public sealed class InboundMappingException : Exception
{
    /// <summary>Creates the exception.</summary>
    public InboundMappingException()
    {
    }

    /// <summary>Creates the exception with a message naming the file, the rule and the field.</summary>
    public InboundMappingException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    public InboundMappingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
