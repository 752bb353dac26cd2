namespace Observability.EventLog;

/// <summary>One record read back from the log by <see cref="EventLogReader"/>.</summary>
/// <param name="Sequence">The record's sequence number.</param>
/// <param name="Payload">The record's payload (UTF-8 JSON, without the frame); a copy the caller owns.</param>
public readonly record struct LogRecord(long Sequence, ReadOnlyMemory<byte> Payload);
