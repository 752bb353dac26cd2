using Observability.Events;

namespace Observability.Projections;

/// <summary>
/// One derived view of the event log: a pure fold of its events, in log order. The <see cref="ProjectionHost"/> applies
/// every event to every projection once, live as at start-up, under its lock, and writes every projection's state into
/// one snapshot at one log position.
/// </summary>
/// <remarks>
/// Pure: no I/O, no clock (an event's own timestamp is its time; a query takes "now" from its caller), no appends
/// (what must happen because of an event is an <see cref="IReaction"/>). Reads of the state go through
/// <see cref="ProjectionHost.Read{T}"/>, so a projection needs no lock of its own.
/// </remarks>
public interface IProjection
{
    /// <summary>The projection's name in the snapshot: stable, unique in a host.</summary>
    string Name { get; }

    /// <summary>
    /// The version of what <see cref="Apply"/> derives and of the state's format: part of the snapshot's fingerprint, so
    /// a changed projection makes the next start replay the log rather than trust an older state.
    /// </summary>
    int Version { get; }

    /// <summary>
    /// The settings <see cref="Apply"/> depends on (window sizes, a price table), in any stable spelling: part of the
    /// snapshot's fingerprint, so a start under other settings replays the log instead of restoring state they did not make.
    /// </summary>
    string Settings { get; }

    /// <summary>Folds one stored event in; <paramref name="e"/>'s payload is valid only during the call.</summary>
    void Apply(in StoredEvent e);

    /// <summary>Writes the state, as of the last event applied.</summary>
    void WriteState(BinaryWriter writer);

    /// <summary>
    /// Replaces the state with what <see cref="WriteState"/> wrote: the state is then exactly the written one, whatever
    /// it held before (fresh at start-up; a used one when a running host is refreshed, <see cref="ProjectionHost.Refresh"/>).
    /// </summary>
    /// <exception cref="InvalidDataException">The data does not fit this projection.</exception>
    void ReadState(BinaryReader reader);
}
