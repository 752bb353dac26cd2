using System.Text.Json;

namespace Observability.Sidecar.Endpoints;

/// <summary>RFC 9457 <c>application/problem+json</c> answers (to a gRPC caller: the matching gRPC status, <see cref="GrpcAnswers"/>).</summary>
internal static class Problem
{
    public const string ContentType = "application/problem+json";

    public static async Task WriteAsync(HttpContext context, int status, string title, string detail, object? extensions = null)
    {
        if (GrpcAnswers.IsGrpc(context.Request))
        {
            await GrpcAnswers.WriteAsync(context, status, detail);
            return;
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = ContentType;
        var body = new Dictionary<string, object?>
        {
            ["type"] = $"https://httpstatuses.io/{status}",
            ["title"] = title,
            ["status"] = status,
            ["detail"] = detail,
        };
        if (extensions is not null)
        {
            foreach (var property in JsonSerializer.SerializeToElement(extensions, SidecarJson.Options).EnumerateObject())
            {
                body[property.Name] = property.Value;
            }
        }

        await JsonSerializer.SerializeAsync(context.Response.Body, body, SidecarJson.Options, context.RequestAborted);
    }
}
