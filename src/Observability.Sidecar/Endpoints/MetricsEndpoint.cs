using Observability.Metrics;
using Observability.Metrics.Exposition;
using Observability.Sidecar.Hosting;

namespace Observability.Sidecar.Endpoints;

/// <summary><c>GET /metrics</c>: text or OpenMetrics by <c>Accept</c>, gzip by <c>Accept-Encoding</c>.</summary>
internal static class MetricsEndpoint
{
    public static async Task HandleAsync(HttpContext context, MetricRegistry registry, DerivedReads reads)
    {
        var format = ExpositionNegotiator.SelectFormat(context.Request.Headers.Accept.ToString());
        var gzip = ExpositionNegotiator.AcceptsGzip(context.Request.Headers.AcceptEncoding.ToString());
        ExpositionPayload payload;
        try
        {
            // Read-your-writes: a scrape started after a POST was answered counts that POST's events.
            await reads.CatchUpAsync(context.RequestAborted);
            payload = registry.Collect(format, gzip);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Collection failed before a byte was sent, so the scrape can still be told so.
            await Problem.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "Collection failed", ClientText.WithoutPaths(e.Message, context));
            return;
        }

        using (payload)
        {
            var response = context.Response;
            response.ContentType = payload.ContentType;
            response.Headers.Vary = "Accept, Accept-Encoding";
            if (payload.IsGzip)
            {
                response.Headers.ContentEncoding = "gzip";
            }

            response.ContentLength = payload.Length;
            await payload.WriteToAsync(response.Body, context.RequestAborted);
        }
    }
}
