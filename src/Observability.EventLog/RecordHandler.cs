namespace Observability.EventLog;

/// <summary>Receives one record during replay.</summary>
/// <param name="sequence">The record's sequence number.</param>
/// <param name="payload">
/// The record's payload (UTF-8 JSON). The span points into a reused read buffer: it is valid only during the call,
/// so copy what must outlive it.
/// </param>
public delegate void RecordHandler(long sequence, ReadOnlySpan<byte> payload);
