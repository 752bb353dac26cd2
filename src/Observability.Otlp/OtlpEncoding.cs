namespace Observability.Otlp;

/// <summary>The two OTLP/HTTP body encodings.</summary>
internal enum OtlpEncoding
{
    /// <summary><c>application/x-protobuf</c>: the binary protobuf encoding of the export request.</summary>
    Protobuf,

    /// <summary><c>application/json</c>: OTLP's JSON encoding (protobuf JSON with hex trace and span ids).</summary>
    Json,
}
