using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Observability.Sidecar.Endpoints;
using Observability.Sidecar.Hosting;
using Observability.Sidecar.Inbound;

namespace Observability.Sidecar.SourceWebhooks;

/// <summary>
/// What the GitHub and GitLab endpoints share: reading the raw body (the signature covers its exact bytes), parsing
/// the payload, storing the mapped events through <see cref="InboundIngest"/>, answering, counting and logging.
/// </summary>
internal sealed class SourceWebhookReceiver(
    InboundIngest ingest, SourceWebhookMetrics metrics, DerivedReads reads, ReviewRoundsView rounds,
    IOptions<SidecarOptions> options, TimeProvider time, ILogger<SourceWebhookReceiver> logger)
{
    /// <summary>The raw body, or null with the 413 or 415 written.</summary>
    public async Task<PooledBody?> ReadAsync(HttpContext context, string source, string label)
    {
        var mediaType = MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var parsed) ? parsed.MediaType.Value?.ToLowerInvariant() : null;
        if (mediaType is not ("application/json" or "application/x-www-form-urlencoded"))
        {
            await MalformedAsync(
                context, source, label, StatusCodes.Status415UnsupportedMediaType, "Content-Type",
                $"Content-Type '{context.Request.ContentType}' is not accepted; set the webhook's content type to application/json.");
            return null;
        }

        var limit = options.Value.MaxRequestBodyBytes;

        var body = context.Request.ContentLength > limit ? null : await PooledBody.ReadAsync(context.Request, limit, context.RequestAborted);
        if (body is null)
        {
            await MalformedAsync(
                context, source, label, StatusCodes.Status413PayloadTooLarge, "body",
                $"The body exceeds Sidecar:MaxRequestBodyBytes ({limit} bytes).");
        }

        return body;
    }

    /// <summary>The parsed payload (a form body's <c>payload</c> field, as GitHub sends it), or null with the 400 written.</summary>
    public async Task<JsonDocument?> ParseAsync(HttpContext context, ReadOnlyMemory<byte> body, string source, string label)
    {
        try
        {
            if (context.Request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true)
            {
                var form = QueryHelpers.ParseQuery(Encoding.UTF8.GetString(body.Span));
                return form.TryGetValue("payload", out var payload) && payload.Count == 1
                    ? JsonDocument.Parse(payload[0] ?? "")
                    : throw new JsonException("the form body has no payload field");
            }

            return JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            await MalformedAsync(context, source, label, StatusCodes.Status400BadRequest, "body", $"The payload is not JSON: {e.Message}");
            return null;
        }
    }

    /// <summary>The attempts a merge of <paramref name="workItem"/> took, from the review rounds stored before it.</summary>
    public Task<int> AttemptsAsync(string workItem, CancellationToken cancellationToken) =>
        reads.ReadAsync(() => rounds.Attempts(workItem), cancellationToken);

    /// <summary>Translates and stores one delivery and answers it: 200 whatever the mapping made of it (see the remarks).</summary>
    /// <remarks>
    /// A delivery no rule maps is answered 200 and counted as ignored, and one whose mapped event fails validation is
    /// answered 200 as rejected (and logged): GitHub and GitLab disable a hook that keeps answering 4xx, and neither
    /// is the sender's mistake. Only the 503 of a log that cannot write asks for a retry.
    /// </remarks>
    public async Task StoreAsync(
        HttpContext context, string source, string label, string eventName, string delivery, JsonElement payload, string? workItem, int? attempts)
    {
        using var document = SourceDelivery.Build(eventName, delivery, payload, workItem, attempts, time.GetUtcNow());
        if (await ingest.IngestAsync(context, source, [document.RootElement], limited: false) is not { } result)
        {
            return;
        }

        var item = result.Items[0];
        var outcome = item.Status switch
        {
            "accepted" => SourceWebhookMetrics.Accepted,
            "duplicate" => SourceWebhookMetrics.Duplicate,
            "ignored" => SourceWebhookMetrics.Ignored,
            _ => SourceWebhookMetrics.Rejected,
        };
        metrics.Count(source, label, outcome);
        if (outcome == SourceWebhookMetrics.Rejected)
        {
            Log.SourceWebhookRejected(logger, source, label, delivery, item.Field ?? "", item.Reason ?? "");
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        await context.Response.WriteAsJsonAsync(
            new DeliveryAnswer(source, eventName, delivery, outcome, item.Events, item.Field, item.Reason), SidecarJson.Options, context.RequestAborted);
    }

    /// <summary>Answers 401 with nothing stored.</summary>
    public Task UnauthorizedAsync(HttpContext context, string source, string label, string field, string detail)
    {
        metrics.Count(source, label, SourceWebhookMetrics.Unauthorized);
        Log.SourceWebhookUnauthorized(logger, source, label, detail);
        return Problem.WriteAsync(context, StatusCodes.Status401Unauthorized, "Unauthorized", detail, new { field });
    }

    /// <summary>Answers a 4xx naming <paramref name="field"/>, with nothing stored.</summary>
    public Task MalformedAsync(HttpContext context, string source, string label, int status, string field, string detail)
    {
        metrics.Count(source, label, SourceWebhookMetrics.Malformed);
        return Problem.WriteAsync(context, status, status == StatusCodes.Status400BadRequest ? "Malformed delivery" : "Delivery refused", detail, new { field });
    }

    private sealed record DeliveryAnswer(string Source, string Event, string Delivery, string Status, int Events, string? Field, string? Reason);
}
