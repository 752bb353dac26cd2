using System.Buffers;
using Google.Protobuf;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;
using Microsoft.AspNetCore.Routing;
using OpenTelemetry.Proto.Collector.Logs.V1;
using OpenTelemetry.Proto.Collector.Metrics.V1;

namespace Observability.Sidecar.Otlp;

/// <summary>
/// Binds the two Export methods, with the names from the official service definitions. Bound here rather than through
/// generated service bases because the framework decodes the request before any service code runs: with the generated
/// marshallers a message that does not decode is UNKNOWN ("Exception was thrown by handler") and an error-level stack
/// trace per request; with these it is INVALID_ARGUMENT naming the decode error, as OTLP/HTTP's 400 does.
/// </summary>
internal sealed class OtlpGrpcMethods : IServiceMethodProvider<OtlpGrpcLogs>, IServiceMethodProvider<OtlpGrpcMetrics>
{
    public static readonly Method<ExportLogsServiceRequest, ExportLogsServiceResponse> Logs = Export(
        LogsService.Descriptor.FullName, ExportLogsServiceRequest.Parser, ExportLogsServiceResponse.Parser);

    public static readonly Method<ExportMetricsServiceRequest, ExportMetricsServiceResponse> Metrics = Export(
        MetricsService.Descriptor.FullName, ExportMetricsServiceRequest.Parser, ExportMetricsServiceResponse.Parser);

    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<OtlpGrpcLogs> context) =>
        context.AddUnaryMethod(Logs, Metadata(), (service, request, call) => service.Export(request, call));

    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<OtlpGrpcMetrics> context) =>
        context.AddUnaryMethod(Metrics, Metadata(), (service, request, call) => service.Export(request, call));

    // What the framework's own binder gives a unary method: POST only, and the method the access table looks up.
    private static List<object> Metadata() => [new HttpMethodMetadata(["POST"], acceptCorsPreflight: true)];

    private static Method<TRequest, TResponse> Export<TRequest, TResponse>(string service, MessageParser<TRequest> request, MessageParser<TResponse> response)
        where TRequest : IMessage<TRequest>
        where TResponse : IMessage<TResponse> => new(
            MethodType.Unary,
            service,
            "Export",
            Marshallers.Create<TRequest>((message, context) => Serialize(message, context), context => Parse(request, context)),
            Marshallers.Create<TResponse>((message, context) => Serialize(message, context), context => Parse(response, context)));

    private static void Serialize<T>(T message, SerializationContext context)
        where T : IMessage<T>
    {
        context.SetPayloadLength(message.CalculateSize());
        message.WriteTo(context.GetBufferWriter());
        context.Complete();
    }

    private static T Parse<T>(MessageParser<T> parser, DeserializationContext context)
        where T : IMessage<T>
    {
        try
        {
            return parser.ParseFrom(context.PayloadAsReadOnlySequence());
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"Not a valid protobuf {typeof(T).Name}: {e.Message}"));
        }
    }
}
