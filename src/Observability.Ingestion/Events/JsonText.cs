using System.Text.Json;

namespace Observability.Ingestion.Events;

/// <summary>Whether every string of a parsed event can be read as text.</summary>
internal static class JsonText
{
    /// <summary>
    /// False when a string or property name holds a <c>\u</c> escape that is not valid Unicode (a lone surrogate such
    /// as <c>\ud800</c>). The parser accepts those; reading them as text throws, so an event holding one would fail
    /// every later reader (metric labels, analytics views) instead of being refused here with a reason.
    /// </summary>
    /// <param name="raw">The event's bytes: without any <c>\u</c> escape there is nothing to check.</param>
    /// <param name="root">The parsed event.</param>
    public static bool AllReadable(ReadOnlySpan<byte> raw, JsonElement root) => raw.IndexOf("\\u"u8) < 0 || Readable(root);

    private static bool Readable(JsonElement element)
    {
        try
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.String:
                    _ = element.GetString();
                    return true;
                case JsonValueKind.Object:
                    foreach (var property in element.EnumerateObject())
                    {
                        _ = property.Name;
                        if (!Readable(property.Value))
                        {
                            return false;
                        }
                    }

                    return true;
                case JsonValueKind.Array:
                    foreach (var item in element.EnumerateArray())
                    {
                        if (!Readable(item))
                        {
                            return false;
                        }
                    }

                    return true;
                default:
                    return true;
            }
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
