using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using Observability.Events;
using Observability.Ingestion.Batches;
using Observability.Ingestion.Events;

namespace Observability.Ingestion;

/// <content>Reading one item: the checks in the order a sender hears of them, then the one reader.</content>
public sealed partial class IngestionWriter
{
    /// <param name="item">The item.</param>
    /// <param name="checkFirst">Check the syntax before reading, so that a malformed item costs no exception.</param>
    /// <param name="table">Where the group's metadata properties go.</param>
    /// <param name="e">The event, when valid; it borrows the item's bytes (or a compacted copy of them).</param>
    /// <param name="id">Its id, when valid.</param>
    /// <param name="error">Why the item was rejected, when it was.</param>
    private static bool TryRead(BatchItem item, bool checkFirst, PropertyTable table, out StoredEvent e, out string id, out Rejection error)
    {
        e = default;
        id = string.Empty;
        error = default;
        if (item.SyntaxChecked && item.SyntaxError is { } syntax)
        {
            error = new Rejection(null, string.Empty, syntax, Malformed: true);
            return false;
        }

        var json = item.Json.Span;
        if (item.Layout is null && !TryReadSent(item, json, checkFirst, out error))
        {
            return false;
        }

        ValidationError? problem;
        string? readId;
        try
        {
            if (!JsonText.AllReadable(json))
            {
                error = new Rejection(null, string.Empty, "a string holds a \\u escape that is not valid Unicode (a lone surrogate)");
                return false;
            }

            // An event the sidecar wrote is built from its layout; what was sent is read, one log line each.
            problem = item.Layout is { } layout
                ? EventValidator.Validate(item.Json, layout, out e, out readId, table)
                : EventValidator.Validate(Compact(item.Json), out e, out readId, table);
        }
        catch (JsonException exception)
        {
            // The exception says only that it failed; the check says where and why in the same words as for any item.
            error = new Rejection(null, string.Empty, JsonSyntax.Check(json).Reason ?? $"malformed JSON: {exception.Message}", Malformed: true);
            return false;
        }

        if (problem is not null)
        {
            error = new Rejection(readId, problem.Field, problem.Reason);
            return false;
        }

        id = readId!;
        return true;
    }

    // What a sender's item must be before it is read: valid UTF-8, and an object. An event the sidecar wrote is both,
    // its writer saw to that.
    private static bool TryReadSent(BatchItem item, ReadOnlySpan<byte> json, bool checkFirst, out Rejection error)
    {
        error = default;

        // The JSON reader leaves string contents to whoever reads them; checked here, bad text is a clear rejection of
        // this item instead of an exception half-way through it.
        if (!Utf8.IsValid(json))
        {
            error = new Rejection(null, string.Empty, $"not valid UTF-8: the first bad byte is byte {FirstInvalidUtf8(json) + 1}");
            return false;
        }

        // Only an object can be an event: anything else is refused without reading it (a body of a million
        // one-character lines is a million items). The splitter checked the syntax of an array's elements.
        var first = json.IndexOfAnyExcept(" \t\r\n"u8);
        if (first < 0 || json[first] != '{' || (checkFirst && !item.SyntaxChecked))
        {
            var kind = item.SyntaxChecked && first >= 0 ? JsonSyntax.KindOf(json[first]) : JsonValueKind.Undefined;
            if (kind == JsonValueKind.Undefined)
            {
                var check = JsonSyntax.Check(json);
                if (check.Reason is { } reason)
                {
                    error = new Rejection(null, string.Empty, reason, Malformed: true);
                    return false;
                }

                kind = check.Kind;
            }

            if (kind != JsonValueKind.Object)
            {
                error = new Rejection(null, string.Empty, $"an event must be a JSON object, not {StoredEventReader.Describe(kind)}");
                return false;
            }
        }

        return true;
    }

    private static int FirstInvalidUtf8(ReadOnlySpan<byte> text)
    {
        var position = 0;
        while (position < text.Length)
        {
            if (Rune.DecodeFromUtf8(text[position..], out _, out var consumed) != OperationStatus.Done)
            {
                return position;
            }

            position += consumed;
        }

        return position;
    }

    // A log record is one line: items from a pretty-printed array are re-written compactly.
    private static ReadOnlyMemory<byte> Compact(ReadOnlyMemory<byte> json)
    {
        if (json.Span.IndexOfAny((byte)'\n', (byte)'\r') < 0)
        {
            return json;
        }

        using var document = JsonDocument.Parse(json);
        var buffer = new ArrayBufferWriter<byte>(json.Length);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            document.RootElement.WriteTo(writer);
        }

        return buffer.WrittenMemory;
    }

    /// <summary>Why an item was rejected.</summary>
    /// <param name="Id">Its id, when it had a readable one.</param>
    /// <param name="Field">The offending field (empty for the whole item).</param>
    /// <param name="Reason">What is wrong.</param>
    /// <param name="Malformed">Whether it is not JSON at all.</param>
    private readonly record struct Rejection(string? Id, string Field, string Reason, bool Malformed = false);
}
