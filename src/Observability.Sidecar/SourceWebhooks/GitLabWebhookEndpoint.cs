using System.Text.Json;

namespace Observability.Sidecar.SourceWebhooks;

/// <summary>
/// <c>POST /api/v1/webhooks/gitlab</c>: a GitLab webhook delivery, checked against <c>GitLab:WebhookToken</c>
/// (<c>X-Gitlab-Token</c>) and <c>GitLab:SigningToken</c> (<c>webhook-signature</c>) before anything else is read,
/// identified by <c>Idempotency-Key</c> (the same on every retry), else <c>X-Gitlab-Event-UUID</c>, mapped by the
/// inbound rules of kind <c>gitlab</c>. Answers as the GitHub endpoint does.
/// </summary>
internal static class GitLabWebhookEndpoint
{
    public const string Source = "gitlab";

    public static async Task HandleAsync(HttpContext context, SourceWebhookSecrets secrets, SourceWebhookReceiver receiver, TimeProvider time)
    {
        var headers = context.Request.Headers;
        var eventName = headers["X-Gitlab-Event"].ToString();
        var label = SourceWebhookMetrics.GitLabLabel(eventName);
        using var body = await receiver.ReadAsync(context, Source, label);
        if (body is null)
        {
            return;
        }

        if (secrets.GitLabToken is null && secrets.GitLabSigningKey is null && !secrets.GitLabAllowUnsigned)
        {
            await receiver.UnauthorizedAsync(
                context, Source, label, "X-Gitlab-Token",
                "Neither GitLab:WebhookToken nor GitLab:SigningToken (or their files) is set, so no delivery can be verified; set the webhook's secret token there.");
            return;
        }

        if (secrets.GitLabToken is { } token && !GitLabVerification.TokenMatches(token, headers["X-Gitlab-Token"].ToString()))
        {
            await receiver.UnauthorizedAsync(context, Source, label, "X-Gitlab-Token", "X-Gitlab-Token is missing or is not GitLab:WebhookToken.");
            return;
        }

        if (secrets.GitLabSigningKey is { } key && GitLabVerification.SignatureProblem(
                key, body.Memory.Span, headers["webhook-id"].ToString(), headers["webhook-timestamp"].ToString(),
                headers["webhook-signature"].ToString(), time.GetUtcNow(), secrets.GitLabTolerance) is { } problem)
        {
            await receiver.UnauthorizedAsync(context, Source, label, "webhook-signature", problem + ".");
            return;
        }

        if (eventName.Length == 0)
        {
            await receiver.MalformedAsync(context, Source, label, StatusCodes.Status400BadRequest, "X-Gitlab-Event", "The X-Gitlab-Event header is missing.");
            return;
        }

        using var payload = await receiver.ParseAsync(context, body.Memory, Source, label);
        if (payload is null)
        {
            return;
        }

        var root = payload.RootElement;
        var workItem = WorkItem(root);
        int? attempts = null;
        if (workItem is not null && Attributes(root) is { } attributes
            && attributes.TryGetProperty("action", out var action) && action.ValueEquals("merge"))
        {
            attempts = await receiver.AttemptsAsync(workItem, context.RequestAborted);
        }

        var idempotencyKey = headers["Idempotency-Key"].ToString();
        var delivery = SourceDelivery.Identity(idempotencyKey.Length > 0 ? idempotencyKey : headers["X-Gitlab-Event-UUID"].ToString(), body.Memory.Span);
        await receiver.StoreAsync(context, Source, label, eventName, delivery, root, workItem, attempts);
    }

    /// <summary>A merge request as a work item: <c>group/project!iid</c>, GitLab's own reference to it.</summary>
    private static string? WorkItem(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object
        && root.TryGetProperty("object_kind", out var kind) && kind.ValueEquals("merge_request")
        && root.TryGetProperty("project", out var project) && project.ValueKind == JsonValueKind.Object
        && project.TryGetProperty("path_with_namespace", out var path) && path.ValueKind == JsonValueKind.String
        && Attributes(root) is { } attributes
        && attributes.TryGetProperty("iid", out var iid) && iid.ValueKind == JsonValueKind.Number
            ? $"{path.GetString()}!{iid.GetRawText()}"
            : null;

    private static JsonElement? Attributes(JsonElement root) =>
        root.TryGetProperty("object_attributes", out var attributes) && attributes.ValueKind == JsonValueKind.Object ? attributes : null;
}
