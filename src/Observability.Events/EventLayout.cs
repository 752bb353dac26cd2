namespace Observability.Events;

/// <summary>
/// Where the writer of an event's JSON put each of its properties, recorded as it wrote them by an
/// <see cref="EventLayoutRecorder"/>, so that ingestion builds the event from the offsets
/// (<see cref="StoredEventReader.Validate(ReadOnlyMemory{byte}, EventLayout?, out StoredEvent, out string?, PropertyTable?)"/>)
/// instead of reading back bytes it has just written: reading them back was 8 % of the sidecar's CPU under OTLP load.
/// </summary>
/// <remarks>
/// A layout describes one exact byte string, the one written while it was recorded: a copy laid out byte for byte the
/// same keeps it; anything that rewrites the bytes must drop it. The reader checks what it relies on (a name's quotes,
/// the colon before a value, the value's first byte) and reads the bytes instead when a layout does not fit them.
/// </remarks>
public sealed class EventLayout
{
    internal EventLayout(LayoutEntry[] entries) => Entries = entries;

    /// <summary>The properties in the order they were written, an object's members right after it (12 bytes each).</summary>
    internal LayoutEntry[] Entries { get; }
}
