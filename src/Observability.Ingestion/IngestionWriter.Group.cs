using Observability.Events;

namespace Observability.Ingestion;

/// <content>The valid events of one group as read: where each was in the batch, its id, and its duplicate-index key.</content>
public sealed partial class IngestionWriter
{
    /// <summary>
    /// The group's valid events sit in the first <see cref="Count"/> slots of the pooled array they were read into; the
    /// rest of what is known of each event sits here, at the same position.
    /// </summary>
    /// <param name="events">The pooled array the events are read into.</param>
    /// <param name="capacity">The group's size in items.</param>
    private sealed class Group(StoredEvent[] events, int capacity)
    {
        private readonly UInt128[] _keys = new UInt128[capacity];

        public int[] Indexes { get; } = new int[capacity];

        public string[] Ids { get; } = new string[capacity];

        public int Count { get; private set; }

        /// <summary>The keys of the events read so far, in batch order.</summary>
        public ReadOnlyMemory<UInt128> Keys => _keys.AsMemory(0, Count);

        /// <summary>Keeps the event just read into <c>events[Count]</c>.</summary>
        public void Add(int index, string id, UInt128 key)
        {
            Indexes[Count] = index;
            Ids[Count] = id;
            _keys[Count] = key;
            Count++;
        }

        /// <summary>
        /// Moves event <paramref name="from"/> to slot <paramref name="to"/> (at most <paramref name="from"/>), so the
        /// events to store end up first; the keys stay where they are, in the reservation's order.
        /// </summary>
        public void MoveTo(int from, int to)
        {
            if (from != to)
            {
                events[to] = events[from];
                Indexes[to] = Indexes[from];
                Ids[to] = Ids[from];
            }
        }
    }
}
