using System.Globalization;
using Grpc.Core;
using Grpc.Net.Client;
using Observability.Sidecar.Tests.Support;
using OpenTelemetry.Proto.Collector.Logs.V1;
using OpenTelemetry.Proto.Collector.Metrics.V1;

namespace Observability.Sidecar.Tests.Otlp;

/// <summary>A sidecar with its OTLP/gRPC listener on a port of its own, and gRPC clients for it.</summary>
internal sealed class OtlpGrpcSidecar : IAsyncDisposable
{
    private OtlpGrpcSidecar(SidecarProcess sidecar, int grpcPort)
    {
        Sidecar = sidecar;
        GrpcAddress = new Uri($"http://127.0.0.1:{grpcPort.ToString(CultureInfo.InvariantCulture)}");
        Channel = GrpcChannel.ForAddress(GrpcAddress, new GrpcChannelOptions { HttpHandler = new SocketsHttpHandler { UseProxy = false } });
        Logs = new LogsService.LogsServiceClient(Channel);
        Metrics = new MetricsService.MetricsServiceClient(Channel);
    }

    public SidecarProcess Sidecar { get; }

    public Uri GrpcAddress { get; }

    public GrpcChannel Channel { get; }

    public LogsService.LogsServiceClient Logs { get; }

    public MetricsService.MetricsServiceClient Metrics { get; }

    /// <summary>Starts a sidecar with <c>--Otlp:GrpcUrl</c> on a free port (another one when the port was taken meanwhile).</summary>
    public static async Task<OtlpGrpcSidecar> StartAsync(string dataDirectory, IEnumerable<string> arguments)
    {
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort.Next();
            try
            {
                var sidecar = await SidecarProcess.StartAsync(new SidecarStart(dataDirectory)
                {
                    Arguments = [.. arguments, "--Otlp:GrpcUrl", $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}"],
                });
                return new OtlpGrpcSidecar(sidecar, port);
            }
            catch (SidecarStartException e) when (attempt < 3 && e.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
            }
        }
    }

    /// <summary>Call options carrying <paramref name="token"/> as exporters send it, gzip-compressed when asked.</summary>
    public static CallOptions Options(TestToken? token = null, bool gzip = false)
    {
        var headers = new Metadata();
        if (token is not null)
        {
            headers.Add("authorization", "Bearer " + token.Secret);
        }

        if (gzip)
        {
            // Grpc.Net.Client's way to compress one call's request message.
            headers.Add("grpc-internal-encoding-request", "gzip");
        }

        return new CallOptions(headers, DateTime.UtcNow.AddSeconds(30));
    }

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        await Sidecar.DisposeAsync();
    }
}
