using System.Globalization;
using System.Net.Http.Headers;

namespace Observability.Sidecar.Webhooks;

/// <summary>
/// One POST of a crossing: the body as JSON, <c>webhook-id</c> and <c>Idempotency-Key</c> (the same on every attempt),
/// <c>webhook-timestamp</c> (this attempt, unix seconds) and, with a secret, <c>webhook-signature</c>. Any answer but
/// a 2xx is a failure, redirects included (they are not followed), and so are no answer and the timeout.
/// </summary>
internal sealed class WebhookSender : IDisposable
{
    private readonly HttpClient _http;
    private readonly byte[]? _key;
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _time;

    public WebhookSender(byte[]? key, TimeSpan timeout, TimeProvider time, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(time);
        _key = key;
        _timeout = timeout;
        _time = time;
        _http = new HttpClient(handler ?? new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    public async Task<AttemptResult> SendAsync(Uri url, PendingCrossing crossing, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(crossing);
        var timestamp = _time.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(crossing.Body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("webhook-id", crossing.MessageId);
        request.Headers.Add("webhook-timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("Idempotency-Key", crossing.MessageId);
        if (_key is not null)
        {
            request.Headers.Add("webhook-signature", WebhookSignature.Sign(_key, crossing.MessageId, timestamp, crossing.Body));
        }

        // The timeout runs on the injected clock, like every other delay of the delivery loop.
        using var timeout = new CancellationTokenSource(_timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            // Headers only: a receiver's body is never read, so a large one costs nothing.
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            return status is >= 200 and < 300
                ? new AttemptResult(true, $"HTTP {status}")
                : new AttemptResult(false, $"HTTP {status}{NotFollowed(url, response.Headers.Location)}", RetryAfter(response.Headers.RetryAfter));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new AttemptResult(false, $"no answer within {_timeout.TotalSeconds:0.###} s");
        }
        catch (HttpRequestException e)
        {
            return new AttemptResult(false, e.HttpRequestError == HttpRequestError.Unknown ? e.Message : $"{e.HttpRequestError}: {e.Message}");
        }
    }

    public void Dispose() => _http.Dispose();

    /// <summary>
    /// For a redirect, where it pointed (the host only: a path may carry a token) and that it was not followed, so the
    /// log says why a receiver that moved gets nothing; the signed body only ever goes to the configured URL.
    /// </summary>
    private static string NotFollowed(Uri url, Uri? location) => location switch
    {
        null => string.Empty,
        { IsAbsoluteUri: true } absolute when !string.Equals(absolute.Authority, url.Authority, StringComparison.OrdinalIgnoreCase) =>
            $" redirecting to another host ({absolute.Host}), not followed",
        _ => " redirecting on the same host, not followed: configure the URL it points to",
    };

    private TimeSpan? RetryAfter(RetryConditionHeaderValue? header) => header switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - _time.GetUtcNow(),
        _ => null,
    };
}
