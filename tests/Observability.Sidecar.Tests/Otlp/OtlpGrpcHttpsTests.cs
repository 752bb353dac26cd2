using Grpc.Net.Client;
using Observability.Sidecar.Tests.Support;
using OpenTelemetry.Proto.Collector.Logs.V1;

namespace Observability.Sidecar.Tests.Otlp;

/// <summary>Over HTTPS the main listener negotiates HTTP/2 (ALPN) and serves the OTLP/gRPC methods on its own port.</summary>
public sealed class OtlpGrpcHttpsTests
{
    [Fact]
    public async Task Export_OverTheHttpsMainListener_StoredWithoutAGrpcListener()
    {
        using var directory = new TempDirectory("otlp-grpc-https");
        using var server = TestCertificates.Server("agentobs-grpc-tls");
        var (certificate, key) = TestCertificates.WritePem(server, directory.Path, "server");
        var start = new SidecarStart(directory.Combine("data"))
        {
            ServerCertificate = server,
            Arguments = ["--Kestrel:Certificates:Default:Path", certificate, "--Kestrel:Certificates:Default:KeyPath", key],
        };
        await using var sidecar = await SidecarProcess.StartAsync(start);
        using var channel = GrpcChannel.ForAddress(sidecar.BaseAddress, new GrpcChannelOptions { HttpHandler = SidecarProcess.Handler(start) });
        var request = Observability.Otlp.OtlpDecoder.DecodeLogs(OtlpReceiverTests.Session("grpc-https"), Observability.Otlp.OtlpEncoding.Json);

        var reply = await new LogsService.LogsServiceClient(channel).ExportAsync(request, OtlpGrpcSidecar.Options());

        Assert.Null(reply.PartialSuccess);
        var metrics = await sidecar.ScrapeAsync();
        Assert.Equal(2, metrics.Value("agentobs_llm_calls_total", "model", "claude-sonnet-4-5"));
        Assert.DoesNotContain("OTLP/gRPC receiver listening", sidecar.Output, StringComparison.Ordinal);
    }
}
