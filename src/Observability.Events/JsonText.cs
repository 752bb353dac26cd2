using System.Text.Json;

namespace Observability.Events;

/// <summary>Whether every string of an event can be read as text.</summary>
public static class JsonText
{
    /// <summary>
    /// False when a string or property name holds a <c>\u</c> escape that is not valid Unicode (a lone surrogate such
    /// as <c>\ud800</c>). The JSON reader accepts those; reading them as text throws, so an event holding one would fail
    /// every later reader (metric labels, analytics views) instead of being refused at ingestion with a reason.
    /// </summary>
    /// <param name="json">One well-formed JSON value: without any <c>\u</c> escape there is nothing to check.</param>
    public static bool AllReadable(ReadOnlySpan<byte> json)
    {
        if (json.IndexOf("\\u"u8) < 0)
        {
            return true;
        }

        var reader = new Utf8JsonReader(json);
        Span<char> scratch = stackalloc char[256];
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && reader.ValueIsEscaped)
                {
                    var length = reader.ValueSpan.Length;
                    if (length <= scratch.Length)
                    {
                        reader.CopyString(scratch);
                    }
                    else
                    {
                        _ = reader.GetString();
                    }
                }
            }

            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
