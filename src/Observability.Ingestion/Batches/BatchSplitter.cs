using System.Text.Json;

namespace Observability.Ingestion.Batches;

/// <summary>
/// Splits a request body into items: one JSON object, a JSON array of them, or NDJSON lines. Items
/// are not parsed here beyond finding their bounds, so a body with more items than a request may hold is refused
/// before any of them is parsed.
/// </summary>
public static class BatchSplitter
{
    private static readonly JsonReaderOptions ReaderOptions = new() { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 64 };

    /// <summary>
    /// A JSON body: an object is one item, an array's elements are the items.
    /// </summary>
    /// <param name="body">The request body.</param>
    /// <param name="maxItems">The most items the body may hold.</param>
    /// <exception cref="BatchFormatException">The body is not well-formed JSON; the message gives the position.</exception>
    /// <exception cref="BatchLimitException">The array has more than <paramref name="maxItems"/> elements.</exception>
    public static List<BatchItem> SplitJson(ReadOnlyMemory<byte> body, int maxItems = int.MaxValue)
    {
        if (body.Span.Trim(" \t\r\n"u8).IsEmpty)
        {
            throw new BatchFormatException("the body is empty; send one event object, an array of them, or NDJSON", 0, 0);
        }

        var reader = new Utf8JsonReader(body.Span, ReaderOptions);
        var items = new List<BatchItem>();
        try
        {
            // The body is not blank (checked above), so there is a first token or a JsonException.
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                items.Add(new BatchItem(0, body[start..(int)reader.BytesConsumed], null));
            }
            else
            {
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (items.Count == maxItems)
                    {
                        throw new BatchLimitException(maxItems);
                    }

                    var start = (int)reader.TokenStartIndex;
                    reader.Skip();
                    items.Add(new BatchItem(items.Count, body[start..(int)reader.BytesConsumed], null));
                }
            }

            // Anything after the top-level value other than white space is an error too.
            if (reader.Read())
            {
                throw new BatchFormatException(
                    $"unexpected data after the top-level JSON value at byte {reader.TokenStartIndex}", reader.TokenStartIndex, 0);
            }
        }
        catch (JsonException e)
        {
            var line = e.LineNumber ?? 0;
            var column = e.BytePositionInLine ?? 0;
            throw new BatchFormatException(
                $"malformed JSON at line {line + 1}, byte {column + 1} of that line (byte {LineStart(body.Span, line) + column + 1} of the body): {FirstSentence(e.Message)}",
                LineStart(body.Span, line) + column,
                line);
        }

        return items;
    }

    /// <summary>NDJSON: every non-blank line is an item; a line that is not JSON is an item with a syntax error.</summary>
    /// <param name="body">The request body.</param>
    /// <param name="maxItems">The most items the body may hold.</param>
    /// <exception cref="BatchLimitException">The body has more than <paramref name="maxItems"/> non-blank lines.</exception>
    public static List<BatchItem> SplitNdjson(ReadOnlyMemory<byte> body, int maxItems = int.MaxValue)
    {
        var span = body.Span;

        // Sized once from a vectorized count of the lines (blank ones included), never beyond the cap: a list grown by
        // doubling would hold up to twice the items of a large body, and copy them on the way.
        var items = new List<BatchItem>((int)Math.Min(span.Count((byte)'\n') + 1L, maxItems + 1L));
        var offset = 0;
        while (offset < span.Length)
        {
            var newline = span[offset..].IndexOf((byte)'\n');
            var end = newline < 0 ? span.Length : offset + newline;
            var line = body[offset..end];
            if (line.Length > 0 && line.Span[^1] == '\r')
            {
                line = line[..^1];
            }

            if (!line.Span.Trim(" \t"u8).IsEmpty)
            {
                if (items.Count == maxItems)
                {
                    throw new BatchLimitException(maxItems);
                }

                items.Add(BatchItem.Line(items.Count, line));
            }

            offset = end + 1;
        }

        return items;
    }

    /// <summary>Why <paramref name="line"/> is not one JSON value, or null when it is; never throws.</summary>
    internal static string? CheckSyntax(ReadOnlySpan<byte> line) => JsonSyntax.Check(line).Reason;

    // Zero-based offset of the first byte of zero-based line 'line'.
    private static long LineStart(ReadOnlySpan<byte> body, long line)
    {
        var offset = 0;
        for (long i = 0; i < line; i++)
        {
            var next = body[offset..].IndexOf((byte)'\n');
            if (next < 0)
            {
                break;
            }

            offset += next + 1;
        }

        return offset;
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message : message[..(end + 1)];
    }
}
