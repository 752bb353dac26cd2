using System.Net;
using System.Text;

namespace Observability.Sidecar.Tests.Support;

/// <summary>One request a <see cref="WebhookReceiver"/> got, with the headers it was sent with (names in lower case).</summary>
internal sealed record WebhookRequest(string Body, string? ContentType, int AnsweredWith, IReadOnlyDictionary<string, string> Headers)
{
    public string? Header(string name) => Headers.GetValueOrDefault(name.ToLowerInvariant());
}

/// <summary>
/// A real HTTP endpoint on 127.0.0.1 (HttpListener) that records every POST and answers the given statuses first,
/// then <see cref="Answer"/> (200 unless set). <see cref="Close"/> stops listening, so that connections are refused;
/// <see cref="Reopen"/> listens on the same port again. Stops on dispose.
/// </summary>
internal sealed class WebhookReceiver : IDisposable
{
    private readonly Queue<HttpStatusCode> _statuses;
    private readonly List<WebhookRequest> _requests = [];
    private readonly Lock _gate = new();
    private HttpListener _listener = new();
    private Task _loop = Task.CompletedTask;
    private volatile int _answer = 200;

    public WebhookReceiver(IEnumerable<HttpStatusCode> firstStatuses)
    {
        _statuses = new Queue<HttpStatusCode>(firstStatuses);
        for (var attempt = 0; ; attempt++)
        {
            Url = $"http://127.0.0.1:{FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture)}/hook/";
            try
            {
                Listen();
                break;
            }
            catch (HttpListenerException) when (attempt < 3)
            {
            }
        }
    }

    public string Url { get; private set; } = string.Empty;

    /// <summary>The status answered once the first statuses are used up.</summary>
    public HttpStatusCode Answer
    {
        get => (HttpStatusCode)_answer;
        set => _answer = (int)value;
    }

    /// <summary>A <c>Retry-After</c> (seconds) sent with every answer that is not a 2xx; none when null.</summary>
    public int? RetryAfterSeconds { get; set; }

    /// <summary>A <c>Location</c> sent with every 3xx answer; none when null.</summary>
    public string? RedirectTo { get; set; }

    public IReadOnlyList<WebhookRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Stops listening: from now on a connection to the port is refused.</summary>
    public void Close()
    {
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(5));
    }

    /// <summary>Listens on the same port again (retrying for a few seconds while the port is still being released).</summary>
    public async Task ReopenAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            try
            {
                Listen();
                return;
            }
            catch (HttpListenerException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }

    public void Dispose() => Close();

    private void Listen()
    {
        var listener = new HttpListener();
        listener.Prefixes.Add(Url);
        listener.Start();
        _listener = listener;
        _loop = Task.Run(() => ServeAsync(listener));
    }

    private async Task ServeAsync(HttpListener listener)
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            var headers = context.Request.Headers.AllKeys.Where(k => k is not null)
                .ToDictionary(k => k!.ToLowerInvariant(), k => context.Request.Headers[k]!, StringComparer.Ordinal);
            HttpStatusCode status;
            lock (_gate)
            {
                status = _statuses.Count > 0 ? _statuses.Dequeue() : Answer;
                _requests.Add(new WebhookRequest(body, context.Request.ContentType, (int)status, headers));
            }

            context.Response.StatusCode = (int)status;
            if (RetryAfterSeconds is { } retryAfter && (int)status is < 200 or > 299)
            {
                context.Response.AddHeader("Retry-After", retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            if (RedirectTo is { } location && (int)status is >= 300 and < 400)
            {
                context.Response.RedirectLocation = location;
            }

            context.Response.Close();
        }
    }
}
