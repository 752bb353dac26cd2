using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Observability.Sidecar.Tests.Support;

namespace Observability.Sidecar.Tests;

/// <summary>
/// OTLP export of the sidecar's own traces and meters, received by a real OTLP/HTTP endpoint on loopback (an
/// <see cref="HttpListener"/> that answers like a collector). The protobuf bodies are checked for the span, resource
/// and instrument names they must carry: protobuf writes strings as their raw UTF-8 bytes.
/// </summary>
public sealed class TelemetryTests
{
    [Fact]
    public async Task Otlp_EndpointSet_ExportsIngestSpansAndMetersOverHttpProtobuf()
    {
        using var directory = new TempDirectory("otlp");
        using var receiver = new OtlpReceiver();
        await using var sidecar = await SidecarProcess.StartAsync(new SidecarStart(directory.Combine("data"))
        {
            Environment = new Dictionary<string, string?>
            {
                ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Endpoint,
                ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
                ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
                ["OTEL_METRIC_EXPORT_INTERVAL"] = "200",
            },
        });

        var response = await sidecar.PostEventsAsync(TestEvents.Make(TestEvents.NewId("otlp"), "task:started", "t-otlp", DateTimeOffset.UtcNow, new JsonObject()));
        Assert.True(response.Status == HttpStatusCode.OK, response.ToString());

        var traces = await receiver.WaitForAsync("/v1/traces", "ingest", TimeSpan.FromSeconds(20));
        Assert.Equal("application/x-protobuf", traces.ContentType);
        Assert.Contains("observability-sidecar", traces.Text, StringComparison.Ordinal);
        // ASP.NET Core's request span, named by its route as the semantic conventions say (OpenTelemetry's ASP.NET Core
        // instrumentation; the bare activity was "Microsoft.AspNetCore.Hosting.HttpRequestIn", with no attributes).
        var requestSpan = await receiver.WaitForAsync("/v1/traces", "POST /api/v1/events", TimeSpan.FromSeconds(20));
        Assert.Contains("observability-sidecar", requestSpan.Text, StringComparison.Ordinal);
        Assert.Contains("http.route", requestSpan.Text, StringComparison.Ordinal);
        Assert.Contains("http.response.status_code", requestSpan.Text, StringComparison.Ordinal);
        var metrics = await receiver.WaitForAsync("/v1/metrics", "agentobs.events.handled", TimeSpan.FromSeconds(20));
        Assert.Contains("agentobs.ingest.duration", metrics.Text, StringComparison.Ordinal);
        await receiver.WaitForAsync("/v1/metrics", "http.server.request.duration", TimeSpan.FromSeconds(20));
        await receiver.WaitForAsync("/v1/metrics", "kestrel.active_connections", TimeSpan.FromSeconds(20));
        await receiver.WaitForAsync("/v1/metrics", "dotnet.gc.collections", TimeSpan.FromSeconds(20));
        await sidecar.AssertOutputContainsAsync($"over OTLP to {receiver.Endpoint}");
    }

    [Fact]
    public async Task Otlp_WebhookDelivered_ExportsTheOutgoingPostAsAClientSpan()
    {
        // The receiver doubles as the webhook target: it answers every POST 200, so the crossing is delivered once.
        using var directory = new TempDirectory("otlp-webhook");
        using var receiver = new OtlpReceiver();
        await using var sidecar = await SidecarProcess.StartAsync(new SidecarStart(directory.Combine("data"))
        {
            Arguments = ["--Windows:FirstPassWindow", "1", "--Webhooks:Urls:0", $"{receiver.Endpoint}/crossings"],
            Environment = new Dictionary<string, string?>
            {
                ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Endpoint,
                ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
                ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
            },
        });

        var response = await sidecar.PostNdjsonAsync(WindowsTests.Merge("otlp-m-1", 2, "otlp"), WindowsTests.Merge("otlp-m-2", 1, "otlp"));
        Assert.Equal(2, response.Json.GetProperty("accepted").GetInt32());

        await receiver.WaitForAsync("/crossings", "threshold:crossed", TimeSpan.FromSeconds(20));
        var span = await receiver.WaitForAsync("/v1/traces", "/crossings", TimeSpan.FromSeconds(20));
        Assert.Contains("System.Net.Http", span.Text, StringComparison.Ordinal);
        Assert.Contains("url.full", span.Text, StringComparison.Ordinal);
        Assert.Contains("http.response.status_code", span.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Otlp_NoEndpoint_ExporterStaysOff()
    {
        using var directory = new TempDirectory("otlp-off");
        await using var sidecar = await SidecarProcess.StartAsync(new SidecarStart(directory.Combine("data"))
        {
            Environment = new Dictionary<string, string?> { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = null },
        });

        var response = await sidecar.PostEventsAsync(TestEvents.Make(TestEvents.NewId("otlp"), "task:started", "t-otlp-off", DateTimeOffset.UtcNow, new JsonObject()));

        // The exporter announces itself when it starts (see the test above); without an endpoint it never does.
        Assert.True(response.Status == HttpStatusCode.OK, response.ToString());
        Assert.DoesNotContain("over OTLP to", sidecar.Output, StringComparison.Ordinal);
    }

    private sealed record OtlpRequest(string Path, string? ContentType, byte[] Body)
    {
        public string Text => Encoding.UTF8.GetString(Body);
    }

    /// <summary>A minimal OTLP/HTTP receiver: records every POST and answers 200 with an empty protobuf body.</summary>
    private sealed class OtlpReceiver : IDisposable
    {
        private readonly HttpListener _listener;
        private readonly List<OtlpRequest> _requests = [];
        private readonly Task _loop;

        public OtlpReceiver()
        {
            // HttpListener cannot bind port 0: a port probed free may be taken before Start, so try another (as WebhookReceiver).
            for (var attempt = 0; ; attempt++)
            {
                Endpoint = $"http://127.0.0.1:{FreePort.Next()}";
                var listener = new HttpListener();
                listener.Prefixes.Add(Endpoint + "/");
                try
                {
                    listener.Start();
                    _listener = listener;
                    break;
                }
                catch (HttpListenerException) when (attempt < 3)
                {
                    listener.Close();
                }
            }

            _loop = Task.Run(LoopAsync);
        }

        public string Endpoint { get; private set; } = string.Empty;

        public IReadOnlyList<OtlpRequest> Requests
        {
            get
            {
                lock (_requests)
                {
                    return [.. _requests];
                }
            }
        }

        public async Task<OtlpRequest> WaitForAsync(string path, string content, TimeSpan timeout)
        {
            var deadline = DateTime.UtcNow + timeout;
            while (DateTime.UtcNow < deadline)
            {
                if (Requests.FirstOrDefault(r => r.Path == path && r.Text.Contains(content, StringComparison.Ordinal)) is { } found)
                {
                    return found;
                }

                await Task.Delay(100);
            }

            throw new Xunit.Sdk.XunitException(
                $"No OTLP request to {path} containing '{content}' within {timeout}; received: {string.Join(", ", Requests.Select(r => $"{r.Path} ({r.Body.Length} bytes)"))}");
        }

        public void Dispose()
        {
            _listener.Stop();
            _listener.Close();
            try
            {
                _loop.Wait(TimeSpan.FromSeconds(5));
            }
            catch (AggregateException)
            {
                // The listener was closed under the pending GetContextAsync.
            }
        }

        private async Task LoopAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }

                using var body = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(body);
                lock (_requests)
                {
                    _requests.Add(new OtlpRequest(context.Request.Url!.AbsolutePath, context.Request.ContentType, body.ToArray()));
                }

                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/x-protobuf";
                context.Response.Close();
            }
        }
    }
}
