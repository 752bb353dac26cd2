namespace Observability.Events;

/// <summary>
/// Where the writer of an event's JSON put each of its properties, recorded as it wrote them by an
/// <see cref="EventLayoutRecorder"/>, so that ingestion builds the event from the offsets
/// (<see cref="StoredEventReader.Validate(ReadOnlyMemory{byte}, EventLayout?, out StoredEvent, out string?, PropertyTable?)"/>)
/// instead of reading back bytes it has just written: reading them back was a tenth of the OTLP receiver's CPU.
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

/// <summary>
/// One property as written: its value's bytes, and how far its members reach. Its name lies between the end of what came
/// before it (its previous sibling's value, or its object's opening brace) and its value.
/// </summary>
/// <param name="ValueStart">The position of the value's first byte.</param>
/// <param name="ValueEnd">The position after the value's last byte.</param>
/// <param name="After">
/// The index after the entry's last member: its own index plus one when it has none, which for an object means it was
/// written whole (a rule never writes an empty object member by member).
/// </param>
internal readonly record struct LayoutEntry(int ValueStart, int ValueEnd, int After);
