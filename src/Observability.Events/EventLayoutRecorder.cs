using System.Text.Json;

namespace Observability.Events;

/// <summary>
/// Records an <see cref="EventLayout"/> while a <see cref="Utf8JsonWriter"/> writes an event: after writing a property's
/// name, call <see cref="Value"/>; after its value (an object's members included), <see cref="End"/>. One recorder per
/// writer, reset with it for every event.
/// </summary>
/// <remarks>
/// Positions are the writer's <c>BytesCommitted + BytesPending</c>: the writer must start the event at 0, not indented.
/// An object written member by member must have members (an empty one is written whole, as <c>{}</c>).
/// </remarks>
public sealed class EventLayoutRecorder
{
    private LayoutEntry[] _entries = new LayoutEntry[32];
    private int _count;

    /// <summary>Forgets the last event's properties.</summary>
    public void Reset() => _count = 0;

    /// <summary>Begins a property whose name has just been written, at the start of its value; returns its entry.</summary>
    public int Value(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (_count == _entries.Length)
        {
            Array.Resize(ref _entries, _count * 2);
        }

        _entries[_count] = new LayoutEntry(Position(writer), 0, 0);
        return _count++;
    }

    /// <summary>Ends <paramref name="entry"/> after its value: its members are the entries begun since.</summary>
    public void End(int entry, Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        _entries[entry] = _entries[entry] with { ValueEnd = Position(writer), After = _count };
    }

    /// <summary>The layout of the event written since the last <see cref="Reset"/>.</summary>
    public EventLayout ToLayout() => new(_entries.AsSpan(0, _count).ToArray());

    private static int Position(Utf8JsonWriter writer) => checked((int)(writer.BytesCommitted + writer.BytesPending));
}
