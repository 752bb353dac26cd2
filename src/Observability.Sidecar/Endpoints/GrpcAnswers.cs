using System.Globalization;
using Grpc.AspNetCore.Server;
using Grpc.Core;

namespace Observability.Sidecar.Endpoints;

/// <summary>
/// A refusal to a gRPC caller (the OTLP/gRPC receiver) as a gRPC status instead of problem+json, so every refusal the
/// HTTP API answers (401, 403, 413, 429, 503, ...) has one answer a gRPC client reads. The codes keep OTLP's retry rules:
/// what OTLP/HTTP retries (429, 503) is UNAVAILABLE, which OTLP/gRPC exporters retry; what it does not (413, 507) is
/// RESOURCE_EXHAUSTED without RetryInfo, which they must not retry.
/// </summary>
internal static class GrpcAnswers
{
    /// <summary>A gRPC request: <c>application/grpc</c>, <c>application/grpc+proto</c>, ...</summary>
    public static bool IsGrpc(HttpRequest request) =>
        request.ContentType is { } type && type.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase);

    /// <summary>The gRPC status for an HTTP status the sidecar answers with.</summary>
    public static StatusCode Of(int status) => status switch
    {
        StatusCodes.Status400BadRequest or StatusCodes.Status415UnsupportedMediaType => StatusCode.InvalidArgument,
        StatusCodes.Status401Unauthorized => StatusCode.Unauthenticated,
        StatusCodes.Status403Forbidden => StatusCode.PermissionDenied,
        StatusCodes.Status404NotFound or StatusCodes.Status405MethodNotAllowed => StatusCode.Unimplemented,
        StatusCodes.Status413PayloadTooLarge or StatusCodes.Status507InsufficientStorage => StatusCode.ResourceExhausted,
        StatusCodes.Status429TooManyRequests or StatusCodes.Status503ServiceUnavailable => StatusCode.Unavailable,
        _ => StatusCode.Internal,
    };

    /// <summary>
    /// Inside a gRPC call, throws the status (the framework answers it, and the caller's code stops as after a written
    /// refusal); before one (authentication, rate limits, the listener's guard), writes it as a trailers-only answer.
    /// </summary>
    public static Task WriteAsync(HttpContext context, int status, string detail)
    {
        var code = Of(status);
        if (context.Features.Get<IServerCallContextFeature>() is not null)
        {
            throw new RpcException(new Status(code, detail));
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/grpc";
        context.Response.Headers["grpc-status"] = ((int)code).ToString(CultureInfo.InvariantCulture);
        context.Response.Headers["grpc-message"] = Uri.EscapeDataString(detail);
        return Task.CompletedTask;
    }
}
