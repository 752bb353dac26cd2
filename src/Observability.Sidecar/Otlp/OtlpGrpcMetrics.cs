using Grpc.Core;
using Observability.Otlp;
using OpenTelemetry.Proto.Collector.Metrics.V1;

namespace Observability.Sidecar.Otlp;

/// <summary>
/// OTLP/gRPC <c>MetricsService/Export</c>: the data points go the way <c>POST /v1/metrics</c> sends them once decoded,
/// and the reply carries the same partial success. Refusals are gRPC statuses (<see cref="Endpoints.GrpcAnswers"/>); bound by
/// <see cref="OtlpGrpcMethods"/>.
/// </summary>
internal sealed class OtlpGrpcMetrics(OtlpReceiver receiver)
{
    public async Task<ExportMetricsServiceResponse> Export(ExportMetricsServiceRequest request, ServerCallContext context)
    {
        using var documents = MetricDocuments.Build(request, receiver.Context);
        var outcome = await receiver.IngestAsync(context.GetHttpContext(), OtlpSignal.Metrics, documents) ?? throw Unanswered();
        return ExportAnswer.MetricsResponse(outcome.Rejected, outcome.Message);
    }

    // A refusal inside a call is thrown as its status; one that was written instead would be a path that missed that.
    internal static RpcException Unanswered() => new(new Status(StatusCode.Internal, "The request was refused without a gRPC status."));
}
