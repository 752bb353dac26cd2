using Grpc.Core;
using Microsoft.Extensions.Logging;
using Observability.Sidecar.Tests.Support;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;

namespace Observability.Sidecar.Tests.Otlp;

/// <summary>
/// The OTLP/gRPC methods are ingest endpoints: bearer tokens in the <c>authorization</c> metadata, the same scopes and
/// request rates as <c>/v1/logs</c>, refusals as gRPC statuses; and <c>Otlp:GrpcUrl</c> checked at start.
/// </summary>
public sealed class OtlpGrpcAccessTests
{
    [Fact]
    public async Task Export_TokensConfigured_WrongOrNoneUnauthenticatedWithoutIngestPermissionDeniedIngestStored()
    {
        using var directory = new TempDirectory("otlp-grpc-tokens");
        await using var grpc = await OtlpGrpcSidecar.StartAsync(directory.Combine("data"), TestTokens.Arguments([TestTokens.Ingest, TestTokens.Read]));
        var before = await ScrapeAsync(grpc);
        var request = Decode(OtlpReceiverTests.Session("grpc-tokens"));

        var none = await Assert.ThrowsAsync<RpcException>(() => grpc.Logs.ExportAsync(request, OtlpGrpcSidecar.Options()).ResponseAsync);
        var wrong = await Assert.ThrowsAsync<RpcException>(
            () => grpc.Logs.ExportAsync(request, OtlpGrpcSidecar.Options(new TestToken("nobody", "not-a-configured-token"))).ResponseAsync);
        var read = await Assert.ThrowsAsync<RpcException>(() => grpc.Logs.ExportAsync(request, OtlpGrpcSidecar.Options(TestTokens.Read)).ResponseAsync);
        var refused = await ScrapeAsync(grpc);
        var ingest = await grpc.Logs.ExportAsync(request, OtlpGrpcSidecar.Options(TestTokens.Ingest));

        Assert.Equal(StatusCode.Unauthenticated, none.StatusCode);
        Assert.Equal(StatusCode.Unauthenticated, wrong.StatusCode);
        Assert.Contains("refused", wrong.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.PermissionDenied, read.StatusCode);
        Assert.Contains("'ingest'", read.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(0, refused.ValueOrZero("agentobs_llm_calls_total", "model", "claude-sonnet-4-5") - before.ValueOrZero("agentobs_llm_calls_total", "model", "claude-sonnet-4-5"));
        Assert.Null(ingest.PartialSuccess);
        var after = await ScrapeAsync(grpc);
        Assert.Equal(2, after.ValueOrZero("agentobs_llm_calls_total", "model", "claude-sonnet-4-5"));
    }

    [Fact]
    public async Task Export_SdkExporterWithTheTokenInOtlpHeaders_Stored()
    {
        using var directory = new TempDirectory("otlp-grpc-sdk-token");
        await using var grpc = await OtlpGrpcSidecar.StartAsync(directory.Combine("data"), TestTokens.Arguments([TestTokens.Ingest]));

        using (var factory = LoggerFactory.Create(builder => builder.AddOpenTelemetry(options =>
        {
            options.SetResourceBuilder(OtlpExporterTests.Resource());
            options.AddOtlpExporter(exporter =>
            {
                exporter.Protocol = OtlpExportProtocol.Grpc;
                exporter.Endpoint = grpc.GrpcAddress;

                // As OTEL_EXPORTER_OTLP_HEADERS=authorization=Bearer ... sets it.
                exporter.Headers = "authorization=Bearer " + TestTokens.Ingest.Secret;
            });
        })))
        {
            var logger = factory.CreateLogger("com.anthropic.claude_code.events");
            OtlpExporterTests.Event(logger, "api_request", "sdk-token-session", 1, ("model", "grpc-token-model"), ("cost_usd", 0.5), ("input_tokens", 10L), ("output_tokens", 2L));
        }

        var after = await ScrapeUntilAsync(grpc, m => m.ValueOrZero("agentobs_llm_calls_total", "model", "grpc-token-model") >= 1);
        Assert.Equal(1, after.ValueOrZero("agentobs_llm_calls_total", "model", "grpc-token-model"));
    }

    [Fact]
    public async Task Export_OverTheRequestRate_UnavailableWhichExportersRetry()
    {
        using var directory = new TempDirectory("otlp-grpc-rate");
        await using var grpc = await OtlpGrpcSidecar.StartAsync(directory.Combine("data"), ["--Limits:RequestsPerSecond", "1", "--Limits:Burst", "1"]);
        var request = Decode(OtlpReceiverTests.Session("grpc-rate"));

        // Both at once: one after the other, a loaded machine could let a second pass between them and refill the bucket.
        var exports = await Task.WhenAll(Enumerable.Range(0, 2).Select(async _ =>
        {
            try
            {
                await grpc.Logs.ExportAsync(request, OtlpGrpcSidecar.Options());
                return null;
            }
            catch (RpcException e)
            {
                return e;
            }
        }));

        Assert.Single(exports, e => e is null);
        var limited = Assert.Single(exports, e => e is not null)!;
        Assert.Equal(StatusCode.Unavailable, limited.StatusCode);
        Assert.Contains("request rate", limited.Status.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1:4317")]
    [InlineData("http://127.0.0.1")]
    [InlineData("http://127.0.0.1:4317/v1/logs")]
    [InlineData("ftp://127.0.0.1:4317")]
    public async Task Start_GrpcUrlNotAListenerUrl_ExitsNamingTheSetting(string url)
    {
        using var directory = new TempDirectory("otlp-grpc-url");

        var (exitCode, output) = await SidecarProcess.RunToExitAsync(
            new SidecarStart(directory.Combine("data")) { Arguments = ["--Otlp:GrpcUrl", url], WaitUntilReady = false }, TimeSpan.FromSeconds(30));

        Assert.Equal(1, exitCode);
        Assert.Contains($"Otlp:GrpcUrl '{url}'", output, StringComparison.Ordinal);
    }

    private static OpenTelemetry.Proto.Collector.Logs.V1.ExportLogsServiceRequest Decode(byte[] json) =>
        Observability.Otlp.OtlpDecoder.DecodeLogs(json, Observability.Otlp.OtlpEncoding.Json);

    // The scrape needs scope metrics only when Auth:RequireMetricsToken is on, which these sidecars leave off.
    private static Task<MetricsSnapshot> ScrapeAsync(OtlpGrpcSidecar grpc) => grpc.Sidecar.ScrapeAsync();

    private static Task<MetricsSnapshot> ScrapeUntilAsync(OtlpGrpcSidecar grpc, Func<MetricsSnapshot, bool> condition) =>
        grpc.Sidecar.ScrapeUntilAsync(TimeSpan.FromSeconds(10), condition);
}
