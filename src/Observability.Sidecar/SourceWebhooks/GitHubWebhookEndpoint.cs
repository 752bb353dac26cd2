using System.Text.Json;

namespace Observability.Sidecar.SourceWebhooks;

/// <summary>
/// <c>POST /api/v1/webhooks/github</c>: a GitHub webhook delivery, its <c>X-Hub-Signature-256</c> verified against
/// <c>GitHub:WebhookSecret</c> before anything else is read, <c>X-GitHub-Delivery</c> as its identity, mapped by the
/// inbound rules of kind <c>github</c>. Answers: 200 (accepted, duplicate, ignored or rejected, see
/// <see cref="SourceWebhookReceiver.StoreAsync"/>), 401 (signature missing or wrong, or no secret set), 400, 413, 415, 503.
/// </summary>
internal static class GitHubWebhookEndpoint
{
    public const string Source = "github";

    public static async Task HandleAsync(HttpContext context, SourceWebhookSecrets secrets, SourceWebhookReceiver receiver)
    {
        var eventName = context.Request.Headers["X-GitHub-Event"].ToString();
        var label = SourceWebhookMetrics.GitHubLabel(eventName);
        using var body = await receiver.ReadAsync(context, Source, label);
        if (body is null)
        {
            return;
        }

        if (secrets.GitHubKey is { } key)
        {
            if (!GitHubSignature.Verify(key, body.Memory.Span, context.Request.Headers["X-Hub-Signature-256"].ToString()))
            {
                await receiver.UnauthorizedAsync(
                    context, Source, label, "X-Hub-Signature-256", "X-Hub-Signature-256 is missing or is not the HMAC-SHA256 of the body under GitHub:WebhookSecret.");
                return;
            }
        }
        else if (!secrets.GitHubAllowUnsigned)
        {
            await receiver.UnauthorizedAsync(
                context, Source, label, "X-Hub-Signature-256",
                "No GitHub:WebhookSecret (or GitHub:WebhookSecretFile) is set, so no delivery can be verified; set the webhook's secret there.");
            return;
        }

        if (eventName.Length == 0)
        {
            await receiver.MalformedAsync(context, Source, label, StatusCodes.Status400BadRequest, "X-GitHub-Event", "The X-GitHub-Event header is missing.");
            return;
        }

        using var payload = await receiver.ParseAsync(context, body.Memory, Source, label);
        if (payload is null)
        {
            return;
        }

        var root = payload.RootElement;
        var workItem = eventName is "pull_request" or "pull_request_review" ? WorkItem(root) : null;
        int? attempts = null;
        if (workItem is not null && eventName == "pull_request" && Text(root, "action") == "closed"
            && root.TryGetProperty("pull_request", out var pr) && pr.ValueKind == JsonValueKind.Object
            && pr.TryGetProperty("merged", out var merged) && merged.ValueKind == JsonValueKind.True)
        {
            attempts = await receiver.AttemptsAsync(workItem, context.RequestAborted);
        }

        var delivery = SourceDelivery.Identity(context.Request.Headers["X-GitHub-Delivery"].ToString(), body.Memory.Span);
        await receiver.StoreAsync(context, Source, label, eventName, delivery, root, workItem, attempts);
    }

    /// <summary>A pull request as a work item: <c>owner/repo#number</c>, GitHub's own reference to it.</summary>
    private static string? WorkItem(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object
        && root.TryGetProperty("repository", out var repository) && repository.ValueKind == JsonValueKind.Object
        && Text(repository, "full_name") is { } name
        && root.TryGetProperty("pull_request", out var pr) && pr.ValueKind == JsonValueKind.Object
        && pr.TryGetProperty("number", out var number) && number.ValueKind == JsonValueKind.Number
            ? $"{name}#{number.GetRawText()}"
            : null;

    private static string? Text(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
