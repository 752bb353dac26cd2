using System.Buffers;

namespace Observability.Events;

/// <summary>
/// Storage for the metadata properties of many events read together (a replay batch, an ingestion group): one array
/// per few thousand properties instead of one per event. Chunks are never resized, so an event's slice stays valid
/// for as long as the table lives. It also remembers the last entity id read, which a sender's events often repeat.
/// </summary>
/// <remarks>
/// Chunks are rented from the shared pool: a chunk is a large object, and a table per ingestion group would otherwise
/// cost one large-object allocation per few hundred events. Whoever knows when the events read into a table are done
/// with gives the chunks back by <see cref="Return"/>; a table never returned is collected like any other object.
/// </remarks>
public sealed class PropertyTable
{
    private const int ChunkSize = 4096;
    private MetadataProperty[] _chunk;
    private List<MetadataProperty[]>? _earlier;
    private int _used;

    /// <summary>The entity id of the last event read into the table (events read together often share it).</summary>
    internal string? LastEntityId { get; set; }

    /// <summary>Creates an empty table.</summary>
    public PropertyTable() => _chunk = ArrayPool<MetadataProperty>.Shared.Rent(ChunkSize);

    /// <summary>
    /// Gives the table's chunks back to the pool: the metadata of every event read into it is unreadable from then on,
    /// and the table must not be used again.
    /// </summary>
    public void Return()
    {
        if (_earlier is not null)
        {
            foreach (var chunk in _earlier)
            {
                ArrayPool<MetadataProperty>.Shared.Return(chunk);
            }

            _earlier = null;
        }

        ArrayPool<MetadataProperty>.Shared.Return(_chunk);
        _chunk = [];
        _used = 0;
    }

    /// <summary>Starts an event's properties: the chunk and offset they will occupy, with room for at least one.</summary>
    internal MetadataProperty[] Begin(out int start)
    {
        if (_used == _chunk.Length)
        {
            Replace(ArrayPool<MetadataProperty>.Shared.Rent(ChunkSize));
        }

        start = _used;
        return _chunk;
    }

    /// <summary>Appends one property of the event begun last; returns the chunk the event's properties are in now.</summary>
    internal MetadataProperty[] Add(MetadataProperty[] chunk, ref int start, int count, MetadataProperty property)
    {
        if (start + count == chunk.Length)
        {
            // The event outgrew its chunk: it moves, whole, to a new one at least twice its size.
            var moved = ArrayPool<MetadataProperty>.Shared.Rent(Math.Max(ChunkSize, count * 2));
            Array.Copy(chunk, start, moved, 0, count);
            Replace(moved);
            chunk = moved;
            start = 0;
        }

        chunk[start + count] = property;
        _used = start + count + 1;
        return chunk;
    }

    /// <summary>Forgets the event begun last (its metadata was given twice: only the last one counts).</summary>
    internal void Rewind(int start) => _used = start;

    // The full chunk is kept for the events already in it; an empty one (a table used again after Return) is not.
    private void Replace(MetadataProperty[] chunk)
    {
        if (_chunk.Length > 0)
        {
            (_earlier ??= []).Add(_chunk);
        }

        _chunk = chunk;
        _used = 0;
    }
}
