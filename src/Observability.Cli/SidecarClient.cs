using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Polly;
using Polly.Retry;

namespace Observability.Cli;

/// <summary>An answer from the sidecar: the status and the body, parsed when it is JSON.</summary>
internal sealed record SidecarAnswer(HttpStatusCode Status, string Body, JsonElement? Json)
{
    public bool IsSuccess => (int)Status is >= 200 and < 300;

    /// <summary>The problem+json <c>detail</c> (or the body) for an error message.</summary>
    public string Detail =>
        Json is { ValueKind: JsonValueKind.Object } json && json.TryGetProperty("detail", out var detail) && detail.ValueKind == JsonValueKind.String
            ? $"{(int)Status} {json.GetProperty("title").GetString()}: {detail.GetString()}"
            : $"{(int)Status}: {Body}";
}

/// <summary>
/// HTTP to the sidecar. Writes are retried (Polly: exponential backoff on 5xx, 429 and connection failures), which is
/// safe because events carry their ids: a retried event that was stored comes back as a duplicate.
/// </summary>
internal sealed class SidecarClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly ResiliencePipeline<HttpResponseMessage> _retry;

    public SidecarClient(Uri baseAddress, int maxRetries = 4, TimeSpan? baseDelay = null, TimeSpan? timeout = null, string? token = null)
    {
        _http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = baseAddress, Timeout = timeout ?? TimeSpan.FromSeconds(60) };
        if (token is not null)
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        var builder = new ResiliencePipelineBuilder<HttpResponseMessage>();
        if (maxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                    .Handle<HttpRequestException>()
                    .HandleResult(r => (int)r.StatusCode >= 500 || r.StatusCode == HttpStatusCode.TooManyRequests),
                MaxRetryAttempts = maxRetries,
                BackoffType = DelayBackoffType.Exponential,
                Delay = baseDelay ?? TimeSpan.FromMilliseconds(250),
                UseJitter = true,
            });
        }

        _retry = builder.Build();
    }

    public Task<SidecarAnswer> GetAsync(string path, CancellationToken cancellationToken) =>
        SendAsync(() => new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative)), cancellationToken);

    public Task<SidecarAnswer> PostAsync(string path, byte[] body, string contentType, CancellationToken cancellationToken) =>
        SendAsync(
            () =>
            {
                var content = new ByteArrayContent(body);
                content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
                return new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative)) { Content = content };
            },
            cancellationToken);

    public void Dispose() => _http.Dispose();

    private async Task<SidecarAnswer> SendAsync(Func<HttpRequestMessage> request, CancellationToken cancellationToken)
    {
        using var response = await _retry.ExecuteAsync(
            async token =>
            {
                using var message = request();
                return await _http.SendAsync(message, token).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        JsonElement? json = null;
        try
        {
            using var document = JsonDocument.Parse(body);
            json = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            // Not JSON: the body is shown as it is.
        }

        return new SidecarAnswer(response.StatusCode, body, json);
    }
}
