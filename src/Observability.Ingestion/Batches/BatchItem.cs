using Observability.Events;

namespace Observability.Ingestion.Batches;

/// <summary>One item of a request body: its position and its raw JSON, or why it is not JSON.</summary>
public readonly struct BatchItem
{
    private readonly string? _syntaxError;
    private readonly bool _syntaxUnchecked;

    /// <param name="index">Zero-based position in the batch.</param>
    /// <param name="json">The item's bytes.</param>
    /// <param name="syntaxError">For NDJSON lines that are not JSON: where and why.</param>
    public BatchItem(int index, ReadOnlyMemory<byte> json, string? syntaxError)
    {
        Index = index;
        Json = json;
        _syntaxError = syntaxError;
    }

    /// <summary>
    /// An event the sidecar wrote itself with a <see cref="System.Text.Json.Utf8JsonWriter"/> (one object, valid UTF-8),
    /// recording where it put each property: it is built from the offsets, not read back.
    /// </summary>
    /// <param name="index">Zero-based position in the batch.</param>
    /// <param name="json">The event's bytes, exactly as written while <paramref name="layout"/> was recorded.</param>
    /// <param name="layout">Where the writer put each property.</param>
    public static BatchItem Written(int index, ReadOnlyMemory<byte> json, EventLayout layout) =>
        new(index, json, layout ?? throw new ArgumentNullException(nameof(layout)));

    private BatchItem(int index, ReadOnlyMemory<byte> json, EventLayout layout)
        : this(index, json, syntaxError: null) => Layout = layout;

    private BatchItem(int index, ReadOnlyMemory<byte> json)
        : this(index, json, syntaxError: null) => _syntaxUnchecked = true;

    /// <summary>Zero-based position in the batch.</summary>
    public int Index { get; }

    /// <summary>The item's bytes.</summary>
    public ReadOnlyMemory<byte> Json { get; }

    /// <summary>Where the writer put each property, for an event the sidecar wrote itself; null for what was sent.</summary>
    public EventLayout? Layout { get; }

    /// <summary>For NDJSON lines that are not JSON: where and why; null for well-formed JSON.</summary>
    /// <remarks>
    /// An NDJSON line's syntax is checked when this is first asked for: parsing the line finds the same errors, so the
    /// pipeline asks only for lines that failed to parse, and a well-formed batch is read once, not twice.
    /// </remarks>
    public string? SyntaxError => _syntaxUnchecked ? BatchSplitter.CheckSyntax(Json.Span) : _syntaxError;

    /// <summary>Whether <see cref="SyntaxError"/> is already known (true) or found only when asked for (false).</summary>
    internal bool SyntaxChecked => !_syntaxUnchecked;

    /// <summary>
    /// The same item with other bytes (the host's stamp of who wrote it); a line's syntax is still checked only when asked
    /// for. The layout, which describes the old bytes, is dropped: the new ones are read.
    /// </summary>
    public BatchItem WithJson(ReadOnlyMemory<byte> json) => _syntaxUnchecked ? new(Index, json) : new(Index, json, _syntaxError);

    /// <summary>An NDJSON line whose syntax is checked only if it fails to parse.</summary>
    internal static BatchItem Line(int index, ReadOnlyMemory<byte> json) => new(index, json);
}
