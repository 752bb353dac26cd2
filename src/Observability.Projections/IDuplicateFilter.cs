using Observability.Events;

namespace Observability.Projections;

/// <summary>
/// The ids already in the log. Its owner (the ingestion writer) keeps it current synchronously, before any append is
/// acknowledged; the host rebuilds it at start-up and writes it into the same snapshot as the projections.
/// </summary>
public interface IDuplicateFilter
{
    /// <summary>The version of the state's format, part of the snapshot's fingerprint.</summary>
    int Version { get; }

    /// <summary>Replay: adds the event's id; false when it was already there, so the record is a duplicate and not applied.</summary>
    bool Admit(in StoredEvent e);

    /// <summary>
    /// Writes the state, with the log position it covers: the ids of every record before it and of none after. That may
    /// be past the host's own position when appends went on meanwhile; the records in between are then applied at the
    /// next start without passing the filter again.
    /// </summary>
    /// <returns>The position written.</returns>
    long WriteState(BinaryWriter writer);

    /// <summary>Replaces the (empty) state with what <see cref="WriteState"/> wrote.</summary>
    /// <returns>The log position the state covers.</returns>
    long ReadState(BinaryReader reader);
}
