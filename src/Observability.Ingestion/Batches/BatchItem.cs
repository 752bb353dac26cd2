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

    private BatchItem(int index, ReadOnlyMemory<byte> json)
        : this(index, json, null) => _syntaxUnchecked = true;

    /// <summary>Zero-based position in the batch.</summary>
    public int Index { get; }

    /// <summary>The item's bytes.</summary>
    public ReadOnlyMemory<byte> Json { get; }

    /// <summary>For NDJSON lines that are not JSON: where and why; null for well-formed JSON.</summary>
    /// <remarks>
    /// An NDJSON line's syntax is checked when this is first asked for: parsing the line finds the same errors, so the
    /// pipeline asks only for lines that failed to parse, and a well-formed batch is read once, not twice.
    /// </remarks>
    public string? SyntaxError => _syntaxUnchecked ? BatchSplitter.CheckSyntax(Json.Span) : _syntaxError;

    /// <summary>Whether <see cref="SyntaxError"/> is already known (true) or found only when asked for (false).</summary>
    internal bool SyntaxChecked => !_syntaxUnchecked;

    /// <summary>The same item with other bytes (the host's stamp of who wrote it); a line's syntax is still checked only when asked for.</summary>
    public BatchItem WithJson(ReadOnlyMemory<byte> json) => _syntaxUnchecked ? new(Index, json) : new(Index, json, _syntaxError);

    /// <summary>An NDJSON line whose syntax is checked only if it fails to parse.</summary>
    internal static BatchItem Line(int index, ReadOnlyMemory<byte> json) => new(index, json);
}
