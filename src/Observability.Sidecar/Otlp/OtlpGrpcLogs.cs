using Grpc.Core;
using Observability.Otlp;
using OpenTelemetry.Proto.Collector.Logs.V1;

namespace Observability.Sidecar.Otlp;

/// <summary>
/// OTLP/gRPC <c>LogsService/Export</c>: the records go the way <c>POST /v1/logs</c> sends them once decoded, and the
/// reply carries the same partial success. Refusals are gRPC statuses (<see cref="Endpoints.GrpcAnswers"/>); bound by
/// <see cref="OtlpGrpcMethods"/>.
/// </summary>
internal sealed class OtlpGrpcLogs(OtlpReceiver receiver)
{
    public async Task<ExportLogsServiceResponse> Export(ExportLogsServiceRequest request, ServerCallContext context)
    {
        using var documents = LogDocuments.Build(request, receiver.Context);
        var outcome = await receiver.IngestAsync(context.GetHttpContext(), OtlpSignal.Logs, documents) ?? throw OtlpGrpcMetrics.Unanswered();
        return ExportAnswer.LogsResponse(outcome.Rejected, outcome.Message);
    }
}
