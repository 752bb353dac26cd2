using System.Buffers;
using System.Text.Json;
using Observability.Ingestion.Batches;

namespace Observability.Sidecar.Security;

/// <summary>
/// Records which token wrote an event as its top-level <c>source</c>, unless the event already names one (an importer's
/// <c>"source": "git-import"</c> stays). The stamped items share one pooled buffer, given back on dispose.
/// </summary>
internal sealed class SourceStamp : IDisposable
{
    private static readonly byte[] SourceKey = "\"source\""u8.ToArray();
    private byte[]? _buffer;

    private SourceStamp(IReadOnlyList<BatchItem> items) => Items = items;

    /// <summary>The items to store: stamped copies, or the originals when there was nothing to stamp.</summary>
    public IReadOnlyList<BatchItem> Items { get; }

    /// <summary>Stamps <paramref name="items"/> with <paramref name="source"/>; with no source they are returned as they are.</summary>
    public static SourceStamp Apply(IReadOnlyList<BatchItem> items, string? source)
    {
        if (source is null)
        {
            return new SourceStamp(items);
        }

        // ,"source":"NAME"} replaces each object's closing brace.
        var member = JsonSerializer.SerializeToUtf8Bytes(source);
        var extra = 1 + SourceKey.Length + 1 + member.Length;
        var total = 0;
        foreach (var item in items)
        {
            total += item.Json.Length + extra;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(total);
        var stamped = new List<BatchItem>(items.Count);
        var offset = 0;
        foreach (var item in items)
        {
            var length = TryStamp(item.Json.Span, member, buffer.AsSpan(offset));
            if (length == 0)
            {
                stamped.Add(item);
                continue;
            }

            stamped.Add(item.WithJson(buffer.AsMemory(offset, length)));
            offset += length;
        }

        return new SourceStamp(stamped) { _buffer = buffer };
    }

    public void Dispose()
    {
        if (_buffer is { } buffer)
        {
            _buffer = null;
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    // The stamped object's length in destination, or 0 to keep the item as it is: not an object, or it names a source.
    private static int TryStamp(ReadOnlySpan<byte> json, ReadOnlySpan<byte> member, Span<byte> destination)
    {
        var first = json.IndexOfAnyExcept(" \t\r\n"u8);
        var last = json.LastIndexOfAnyExcept(" \t\r\n"u8);
        if (first < 0 || json[first] != '{' || json[last] != '}' || NamesSource(json))
        {
            return 0;
        }

        var empty = json[(first + 1)..last].IndexOfAnyExcept(" \t\r\n"u8) < 0;
        var written = last - first;
        json[first..last].CopyTo(destination);
        if (!empty)
        {
            destination[written++] = (byte)',';
        }

        SourceKey.CopyTo(destination[written..]);
        written += SourceKey.Length;
        destination[written++] = (byte)':';
        member.CopyTo(destination[written..]);
        written += member.Length;
        destination[written++] = (byte)'}';
        return written;
    }

    // Most events hold neither "source" nor an escape anywhere: one vectorized search each decides. Otherwise the
    // top-level names are read; an item that does not read keeps its bytes and is rejected as it is.
    private static bool NamesSource(ReadOnlySpan<byte> json)
    {
        if (json.IndexOf(SourceKey) < 0 && json.IndexOf("\\u"u8) < 0)
        {
            return false;
        }

        try
        {
            var reader = new Utf8JsonReader(json);
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1 && reader.ValueTextEquals("source"u8))
                {
                    return true;
                }
            }

            return false;
        }
        catch (JsonException)
        {
            return true;
        }
    }
}
