using System.Text;
using System.Text.Json;

namespace Observability.Events;

/// <summary>Whether every string of a JSON value can be read as text, and where the first that cannot is.</summary>
public static class JsonText
{
    private const string Why = "it holds a \\u escape that is not valid Unicode (a lone surrogate)";

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

    /// <summary>
    /// Where the first string with no text is (see <see cref="AllReadable"/>), as a path such as <c>type</c>,
    /// <c>data.subject.id</c> or <c>data.list[2]</c> (for a property name, the object holding it), with what is wrong
    /// there; null when every string is text.
    /// </summary>
    /// <param name="json">One JSON value. A syntax error met before any such string gives null: its reader refuses it with its own reason.</param>
    public static (string Path, string Reason)? FirstUnreadable(ReadOnlySpan<byte> json)
    {
        if (json.IndexOf("\\u"u8) < 0)
        {
            return null;
        }

        try
        {
            return Scan(json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static (string Path, string Reason)? Scan(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        var frames = new List<Frame>();
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    if (!Readable(ref reader, out var name))
                    {
                        return (Path(frames), "holds a property name that is not text: " + Why);
                    }

                    frames[^1] = frames[^1] with { Name = name };
                    break;
                case JsonTokenType.StartObject or JsonTokenType.StartArray:
                    Next(frames);
                    frames.Add(new Frame(reader.TokenType == JsonTokenType.StartArray, -1, null));
                    break;
                case JsonTokenType.EndObject or JsonTokenType.EndArray:
                    frames.RemoveAt(frames.Count - 1);
                    break;
                case JsonTokenType.String:
                    Next(frames);
                    if (!Readable(ref reader, out _))
                    {
                        return (Path(frames), "is not text: " + Why);
                    }

                    break;
                default:
                    Next(frames);
                    break;
            }
        }

        return null;
    }

    private static bool Readable(ref Utf8JsonReader reader, out string? text)
    {
        text = null;
        try
        {
            text = reader.GetString();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    // A value inside an array is its next element.
    private static void Next(List<Frame> frames)
    {
        if (frames.Count > 0 && frames[^1].Array)
        {
            frames[^1] = frames[^1] with { Index = frames[^1].Index + 1 };
        }
    }

    private static string Path(List<Frame> frames)
    {
        var path = new StringBuilder();
        foreach (var frame in frames)
        {
            if (frame.Array)
            {
                path.Append('[').Append(frame.Index).Append(']');
            }
            else if (frame.Name is { } name)
            {
                path.Append(path.Length > 0 ? "." : string.Empty).Append(name);
            }
        }

        return path.ToString();
    }

    private readonly record struct Frame(bool Array, int Index, string? Name);
}
