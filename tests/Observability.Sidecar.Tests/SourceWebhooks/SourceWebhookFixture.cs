using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Observability.Sidecar.Tests.Support;

namespace Observability.Sidecar.Tests.SourceWebhooks;

/// <summary>
/// A sidecar with a GitHub secret, a GitLab secret token and a GitLab signing token, and the means to send it deliveries
/// as GitHub and GitLab do (signed here with .NET's own HMAC, checked elsewhere against GitHub's published test vector
/// and an independent Python signer) and to read what each delivery stored straight from the log files.
/// </summary>
public sealed class SourceWebhookFixture : SidecarFixture
{
    public const string GitHubSecret = "a webhook secret with spaces, 'quotes' and ünïcode";
    public const string GitLabToken = "gitlab-secret-token";
    public static readonly byte[] GitLabSigningKey = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];
    public static readonly string GitLabSigningToken = "whsec_" + Convert.ToBase64String(GitLabSigningKey);

    private readonly SemaphoreSlim _one = new(1, 1);

    protected override IReadOnlyList<string> Arguments =>
        ["--GitHub:WebhookSecret", GitHubSecret, "--GitLab:WebhookToken", GitLabToken, "--GitLab:SigningToken", GitLabSigningToken];

    public static string TestData(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "SourceWebhooks", .. parts]);

    internal static string GitHubCorpus => TestData("corpus", "github-webhooks", "payload-examples", "api.github.com");

    internal static string Sign(string secret, byte[] body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    /// <summary>Sends a GitHub delivery signed with <paramref name="secret"/> (no signature when null).</summary>
    internal Task<SidecarResponse> GitHubAsync(string eventName, byte[] body, string delivery, string? secret = GitHubSecret, string contentType = "application/json")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri("api/v1/webhooks/github", UriKind.Relative)) { Content = new ByteArrayContent(body) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        request.Headers.TryAddWithoutValidation("X-GitHub-Event", eventName);
        request.Headers.TryAddWithoutValidation("X-GitHub-Delivery", delivery);
        request.Headers.TryAddWithoutValidation("User-Agent", "GitHub-Hookshot/044aadd");
        if (secret is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Hub-Signature-256", Sign(secret, body));
        }

        return Sidecar.SendAsync(request);
    }

    /// <summary>Sends a GitLab delivery with the token and a Standard Webhooks signature (each replaceable or left out).</summary>
    internal Task<SidecarResponse> GitLabAsync(
        string eventName, byte[] body, string idempotencyKey, string? token = GitLabToken, byte[]? signingKey = null, bool sign = true, long? timestamp = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri("api/v1/webhooks/gitlab", UriKind.Relative)) { Content = new ByteArrayContent(body) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        request.Headers.TryAddWithoutValidation("X-Gitlab-Event", eventName);
        request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
        request.Headers.TryAddWithoutValidation("X-Gitlab-Event-UUID", Guid.NewGuid().ToString());
        if (token is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Gitlab-Token", token);
        }

        if (sign)
        {
            var at = timestamp ?? DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            var content = Encoding.UTF8.GetBytes($"{idempotencyKey}.{at}.").Concat(body).ToArray();
            request.Headers.TryAddWithoutValidation("webhook-id", idempotencyKey);
            request.Headers.TryAddWithoutValidation("webhook-timestamp", at.ToString(System.Globalization.CultureInfo.InvariantCulture));
            request.Headers.TryAddWithoutValidation("webhook-signature", "v1," + Convert.ToBase64String(HMACSHA256.HashData(signingKey ?? GitLabSigningKey, content)));
        }

        return Sidecar.SendAsync(request);
    }

    /// <summary>
    /// The events one delivery stored: the log's records after <paramref name="send"/> that were not there before. The
    /// fixture's tests run one after another, so nothing else writes between.
    /// </summary>
    internal async Task<(SidecarResponse Response, IReadOnlyList<JsonElement> Stored)> StoredByAsync(Func<Task<SidecarResponse>> send)
    {
        await _one.WaitAsync();
        try
        {
            var before = EventLogFiles.Read(Sidecar.Start.DataDirectory).Records.Count;
            var response = await send();
            var records = EventLogFiles.Read(Sidecar.Start.DataDirectory).Records;
            var stored = records.Skip(before).Select(r => JsonDocument.Parse(r.Json).RootElement.Clone()).ToList();
            return (response, stored);
        }
        finally
        {
            _one.Release();
        }
    }
}
