using Observability.Otlp;

namespace Observability.Sidecar.Otlp;

/// <summary>The two signals received: what each decodes to and how its answer counts rejections.</summary>
internal sealed record OtlpSignal(
    string Path, string Kind, string Items, Func<ReadOnlyMemory<byte>, OtlpEncoding, OtlpContext, SourceDocuments> Decode,
    Func<long, string?, OtlpEncoding, byte[]> Answer)
{
    public static readonly OtlpSignal Logs = new(
        "/v1/logs", LogDocuments.Kind, "log records",
        // Protobuf bodies are read in place when they are written as exporters write them; anything else is decoded.
        (body, encoding, context) => (encoding == OtlpEncoding.Protobuf ? Observability.Otlp.Wire.WireLogReader.TryRead(body, context) : null)
            ?? LogDocuments.Build(OtlpDecoder.DecodeLogs(body.Span, encoding), context),
        ExportAnswer.Logs);

    public static readonly OtlpSignal Metrics = new(
        "/v1/metrics", MetricDocuments.Kind, "data points",
        (body, encoding, context) => MetricDocuments.Build(OtlpDecoder.DecodeMetrics(body.Span, encoding), context),
        ExportAnswer.Metrics);
}
