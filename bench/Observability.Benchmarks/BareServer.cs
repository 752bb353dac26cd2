using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Observability.Benchmarks;

/// <summary>
/// The ceiling for one-event-per-request ingestion: Kestrel reading the body and answering 202, nothing
/// else (no parsing, no storage). The sidecar's single-event throughput is reported against it.
/// </summary>
internal static class BareServer
{
    public static async Task<int> RunAsync(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        var buffer = new byte[64 * 1024];
        app.MapPost("/api/v1/events", async (HttpContext context) =>
        {
            while (await context.Request.Body.ReadAsync(buffer, context.RequestAborted).ConfigureAwait(false) > 0)
            {
            }

            context.Response.StatusCode = StatusCodes.Status202Accepted;
        });
        await app.RunAsync().ConfigureAwait(false);
        return 0;
    }
}
