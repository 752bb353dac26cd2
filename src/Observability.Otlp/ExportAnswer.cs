using Google.Protobuf;
using OpenTelemetry.Proto.Collector.Logs.V1;
using OpenTelemetry.Proto.Collector.Metrics.V1;

namespace Observability.Otlp;

/// <summary>
/// The 200 answer to an export request, in the request's encoding. With nothing rejected it is the empty response
/// (OTLP: the client must not see a partial success then); otherwise <c>partial_success</c> carries the number
/// rejected and a message saying why.
/// </summary>
internal static class ExportAnswer
{
    private static readonly JsonFormatter Json = new(JsonFormatter.Settings.Default);

    /// <summary>The media type of an answer in <paramref name="encoding"/>.</summary>
    public static string ContentType(OtlpEncoding encoding) =>
        encoding == OtlpEncoding.Protobuf ? "application/x-protobuf" : "application/json";

    public static byte[] Logs(long rejected, string? message, OtlpEncoding encoding) => Encode(LogsResponse(rejected, message), encoding);

    public static byte[] Metrics(long rejected, string? message, OtlpEncoding encoding) => Encode(MetricsResponse(rejected, message), encoding);

    /// <summary>The logs answer as a message: OTLP/gRPC's reply, the same as OTLP/HTTP's body.</summary>
    public static ExportLogsServiceResponse LogsResponse(long rejected, string? message)
    {
        var response = new ExportLogsServiceResponse();
        if (rejected > 0 || !string.IsNullOrEmpty(message))
        {
            response.PartialSuccess = new ExportLogsPartialSuccess { RejectedLogRecords = rejected, ErrorMessage = message ?? string.Empty };
        }

        return response;
    }

    /// <summary>The metrics answer as a message: OTLP/gRPC's reply, the same as OTLP/HTTP's body.</summary>
    public static ExportMetricsServiceResponse MetricsResponse(long rejected, string? message)
    {
        var response = new ExportMetricsServiceResponse();
        if (rejected > 0 || !string.IsNullOrEmpty(message))
        {
            response.PartialSuccess = new ExportMetricsPartialSuccess { RejectedDataPoints = rejected, ErrorMessage = message ?? string.Empty };
        }

        return response;
    }

    private static byte[] Encode(IMessage message, OtlpEncoding encoding) =>
        encoding == OtlpEncoding.Protobuf ? message.ToByteArray() : System.Text.Encoding.UTF8.GetBytes(Json.Format(message));
}
