using Observability.Events;
using Observability.Projections;

namespace Observability.Analytics.Windows;

/// <summary>
/// The log's <c>threshold:crossed</c> events, whoever stored them, in log order: what the webhook receivers deliver,
/// each from its own durable position. The last <see cref="Retained"/> are kept; a receiver further behind reads the
/// older ones from the log.
/// </summary>
public sealed class StoredCrossingsView : IProjection
{
    /// <summary>How many crossings are kept.</summary>
    public const int Retained = 10_000;

    private readonly Queue<StoredCrossing> _kept = new();
    private long _total;
    private long _droppedThrough = -1;

    /// <inheritdoc />
    public string Name => "stored-crossings";

    /// <inheritdoc />
    public int Version => 1;

    /// <inheritdoc />
    public string Settings => string.Empty;

    /// <summary>Crossings stored in the log, ever.</summary>
    public long Total => _total;

    /// <summary>The sequence of the newest crossing no longer kept; -1 when none was dropped.</summary>
    public long DroppedThrough => _droppedThrough;

    /// <inheritdoc />
    public void Apply(in StoredEvent e)
    {
        if (e.EventType != WindowNames.CrossingEventType)
        {
            return;
        }

        _total++;
        if (_kept.Count == Retained)
        {
            _droppedThrough = _kept.Dequeue().Sequence;
        }

        _kept.Enqueue(new StoredCrossing(e.Sequence, e.Id, e.Timestamp, e.Metadata.Raw.ToArray()));
    }

    /// <summary>At most <paramref name="max"/> kept crossings at or after <paramref name="position"/>, oldest first.</summary>
    public IReadOnlyList<StoredCrossing> From(long position, int max)
    {
        var list = new List<StoredCrossing>();
        foreach (var crossing in _kept)
        {
            if (crossing.Sequence >= position)
            {
                list.Add(crossing);
                if (list.Count == max)
                {
                    break;
                }
            }
        }

        return list;
    }

    /// <summary>Kept crossings at or after <paramref name="position"/>.</summary>
    public int CountFrom(long position) => _kept.Count(c => c.Sequence >= position);

    /// <inheritdoc />
    public void WriteState(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(_total);
        writer.Write(_droppedThrough);
        writer.Write(_kept.Count);
        foreach (var crossing in _kept)
        {
            writer.Write(crossing.Sequence);
            writer.Write(crossing.Id);
            writer.Write(crossing.Timestamp);
            writer.Write(crossing.Metadata.Length);
            writer.Write(crossing.Metadata.Span);
        }
    }

    /// <inheritdoc />
    public void ReadState(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        _total = reader.ReadInt64();
        _droppedThrough = reader.ReadInt64();
        _kept.Clear();
        var count = reader.ReadCount();
        for (var i = 0; i < count; i++)
        {
            var (sequence, id, timestamp) = (reader.ReadInt64(), reader.ReadString(), reader.ReadDateTimeOffset());
            _kept.Enqueue(new StoredCrossing(sequence, id, timestamp, reader.ReadBytes(reader.ReadCount())));
        }
    }
}
