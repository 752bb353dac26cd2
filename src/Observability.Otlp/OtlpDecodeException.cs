namespace Observability.Otlp;

/// <summary>A body that is not a valid export request in its encoding; the message names what is wrong.</summary>
internal sealed class OtlpDecodeException(string message, Exception? inner = null) : Exception(message, inner);
