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
/// HTTP to the sidecar. Writes are retried (Polly: exponential backoff on 5xx and connection failures, a 429's own
/// <c>Retry-After</c> up to <see cref="MaxRetryAfter"/>), which is safe because events carry their ids: a retried event
/// that was stored comes back as a duplicate.
/// </summary>
internal sealed class SidecarClient : IDisposable
{
    /// <summary>The longest <c>Retry-After</c> a write waits for; a longer one (a daily quota) fails at once with the answer.</summary>
    public static readonly TimeSpan MaxRetryAfter = TimeSpan.FromSeconds(30);

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
                    .HandleResult(r => (int)r.StatusCode >= 500 || (r.StatusCode == HttpStatusCode.TooManyRequests && (RetryAfter(r) is not { } wait || wait <= MaxRetryAfter))),
                MaxRetryAttempts = maxRetries,
                BackoffType = DelayBackoffType.Exponential,
                Delay = baseDelay ?? TimeSpan.FromMilliseconds(250),
                UseJitter = true,

                // A 429 says when to come back: a rate's bucket refills within seconds, so wait that long; a daily quota
                // answers with the hours to midnight, over MaxRetryAfter, and is not retried at all (see ShouldHandle).
                DelayGenerator = arguments => ValueTask.FromResult(arguments.Outcome.Result is { } response ? RetryAfter(response) : null),
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

    private static TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - TimeProvider.System.GetUtcNow(),
        _ => null,
    };

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
