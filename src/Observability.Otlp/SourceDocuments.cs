using System.Buffers;
using System.Text.Json;

namespace Observability.Otlp;

/// <summary>
/// The source documents of one export request, one per log record or data point, in request order. They are written
/// into one pooled buffer and parsed once, so a batch of 512 records costs one <see cref="JsonDocument"/>.
/// </summary>
internal sealed class SourceDocuments : IDisposable
{
    private readonly JsonDocument _document;

    private SourceDocuments(JsonDocument document, List<JsonElement> items)
    {
        _document = document;
        Items = items;
    }

    /// <summary>The documents, each a JSON object (valid until dispose).</summary>
    public IReadOnlyList<JsonElement> Items { get; }

    /// <summary>Writes an array with <paramref name="write"/> and parses it.</summary>
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
        var items = new List<JsonElement>(document.RootElement.GetArrayLength());
        foreach (var item in document.RootElement.EnumerateArray())
        {
            items.Add(item);
        }

        return new SourceDocuments(document, items);
    }

    public void Dispose() => _document.Dispose();
}
