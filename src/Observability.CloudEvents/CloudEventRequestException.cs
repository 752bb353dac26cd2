namespace Observability.CloudEvents;

/// <summary>
/// A request that holds no CloudEvent that can be read at all (a binary-mode request without <c>ce-specversion</c>,
/// a structured body that is not JSON): answered as a whole with a 400 naming <see cref="Field"/>.
/// </summary>
public sealed class CloudEventRequestException : Exception
{
    /// <summary>Creates the exception.</summary>
    public CloudEventRequestException(string title, string field, string message, Exception? inner = null)
        : base(message, inner)
    {
        Title = title;
        Field = field;
    }

    /// <summary>Creates the exception with a generic title.</summary>
    public CloudEventRequestException()
        : this("Malformed CloudEvent", "body", "The request is not a CloudEvent.")
    {
    }

    /// <summary>Creates the exception with a generic title.</summary>
    public CloudEventRequestException(string message)
        : this("Malformed CloudEvent", "body", message)
    {
    }

    /// <summary>Creates the exception with a generic title.</summary>
    public CloudEventRequestException(string message, Exception inner)
        : this("Malformed CloudEvent", "body", message, inner)
    {
    }

    /// <summary>The problem's title.</summary>
    public string Title { get; } = "Malformed CloudEvent";

    /// <summary>The header, attribute or part of the body that is wrong.</summary>
    public string Field { get; } = "body";
}
