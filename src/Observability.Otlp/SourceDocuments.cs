using System.Buffers;
using System.Text.Json;
using Observability.Inbound;

namespace Observability.Otlp;

/// <summary>
/// The source documents of one export request, one per log record or data point, in request order. Data points are
/// written into one pooled buffer and parsed once, so a batch of them costs one <see cref="JsonDocument"/>; log
/// records answer from their protobuf (<see cref="LogRecordDocument"/>).
/// </summary>
internal sealed class SourceDocuments : IDisposable
{
    private readonly IDisposable? _owner;

    private SourceDocuments(IDisposable? owner, List<InboundDocument> items)
    {
        _owner = owner;
        Items = items;
    }

    /// <summary>The documents (valid until dispose).</summary>
    public IReadOnlyList<InboundDocument> Items { get; }

    /// <summary>Documents that own nothing to dispose, or whose <paramref name="owner"/> is disposed with them.</summary>
    public static SourceDocuments Of(List<InboundDocument> items, IDisposable? owner = null) => new(owner, items);

    /// <summary>Writes an array of JSON documents with <paramref name="write"/> and parses it.</summary>
    public static SourceDocuments Build(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true }))
        {
            writer.WriteStartArray();
            write(writer);
            writer.WriteEndArray();
        }

        var document = JsonDocument.Parse(buffer.WrittenMemory, new JsonDocumentOptions { MaxDepth = 64 });
        var items = new List<InboundDocument>(document.RootElement.GetArrayLength());
        foreach (var item in document.RootElement.EnumerateArray())
        {
            items.Add(InboundDocument.Of(item));
        }

        return new SourceDocuments(document, items);
    }

    public void Dispose() => _owner?.Dispose();
}
