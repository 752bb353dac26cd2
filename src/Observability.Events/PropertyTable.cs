namespace Observability.Events;

/// <summary>
/// Storage for the metadata properties of many events read together (a replay batch, an ingestion group): one array
/// per few thousand properties instead of one per event. Chunks are never resized, so an event's slice stays valid
/// for as long as the table lives.
/// </summary>
public sealed class PropertyTable
{
    private const int ChunkSize = 4096;
    private MetadataProperty[] _chunk = new MetadataProperty[ChunkSize];
    private int _used;

    /// <summary>Starts an event's properties: the chunk and offset they will occupy, with room for at least one.</summary>
    internal MetadataProperty[] Begin(out int start)
    {
        if (_used == _chunk.Length)
        {
            _chunk = new MetadataProperty[ChunkSize];
            _used = 0;
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
            var moved = new MetadataProperty[Math.Max(ChunkSize, count * 2)];
            Array.Copy(chunk, start, moved, 0, count);
            _chunk = moved;
            chunk = moved;
            start = 0;
        }

        chunk[start + count] = property;
        _used = start + count + 1;
        return chunk;
    }

    /// <summary>Forgets the event begun last (its metadata was given twice: only the last one counts).</summary>
    internal void Rewind(int start) => _used = start;
}
