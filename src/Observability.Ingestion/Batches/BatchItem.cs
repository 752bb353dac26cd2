namespace Observability.Ingestion.Batches;

/// <summary>One item of a request body: its position and its raw JSON, or why it is not JSON.</summary>
/// <param name="Index">Zero-based position in the batch.</param>
/// <param name="Json">The item's bytes.</param>
/// <param name="SyntaxError">For NDJSON lines that are not JSON: where and why.</param>
public readonly record struct BatchItem(int Index, ReadOnlyMemory<byte> Json, string? SyntaxError);
