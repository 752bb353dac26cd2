namespace Observability.CloudEvents;

/// <summary>
/// The data content types an event may carry: JSON (<c>application/json</c>, <c>text/json</c>, any <c>+json</c> type),
/// which the mapping can read field by field, and text (<c>text/*</c>), kept as a string. Anything else would be opaque
/// bytes no rule can read, so it is refused naming <c>datacontenttype</c> rather than stored unreadable.
/// </summary>
internal static class DataContentTypes
{
    /// <summary>Null when <paramref name="contentType"/> is read (absent means JSON); otherwise why not.</summary>
    public static string? Refusal(string? contentType)
    {
        if (contentType is null || IsJson(contentType) || IsText(contentType))
        {
            return null;
        }

        return $"datacontenttype '{contentType}' is not read: send JSON (application/json or a +json type) or text/*";
    }

    /// <summary>True for the JSON media types.</summary>
    public static bool IsJson(string? contentType)
    {
        var media = MediaType(contentType);
        return media is null or "application/json" or "text/json" || media.EndsWith("+json", StringComparison.Ordinal);
    }

    private static bool IsText(string contentType) => MediaType(contentType)!.StartsWith("text/", StringComparison.Ordinal);

    private static string? MediaType(string? contentType)
    {
        if (contentType is null)
        {
            return null;
        }

        var end = contentType.IndexOf(';', StringComparison.Ordinal);
        return (end < 0 ? contentType : contentType[..end]).Trim().ToLowerInvariant();
    }
}
