using System.Net;
using System.Text;

namespace Observability.Sidecar.Tests.Support;

/// <summary>One request a <see cref="WebhookReceiver"/> got.</summary>
internal sealed record WebhookRequest(string Body, string? ContentType, int AnsweredWith);

/// <summary>
/// A real HTTP endpoint on 127.0.0.1 (HttpListener) that records every POST and answers the given statuses first,
/// then 200. Stops on dispose.
/// </summary>
internal sealed class WebhookReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Queue<HttpStatusCode> _statuses;
    private readonly List<WebhookRequest> _requests = [];
    private readonly Lock _gate = new();
    private readonly Task _loop;

    public WebhookReceiver(IEnumerable<HttpStatusCode> firstStatuses)
    {
        _statuses = new Queue<HttpStatusCode>(firstStatuses);
        for (var attempt = 0; ; attempt++)
        {
            Url = $"http://127.0.0.1:{FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture)}/hook/";
            _listener.Prefixes.Clear();
            _listener.Prefixes.Add(Url);
            try
            {
                _listener.Start();
                break;
            }
            catch (HttpListenerException) when (attempt < 3)
            {
            }
        }

        _loop = Task.Run(ServeAsync);
    }

    public string Url { get; private set; } = string.Empty;

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

    public void Dispose()
    {
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(5));
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            HttpStatusCode status;
            lock (_gate)
            {
                status = _statuses.Count > 0 ? _statuses.Dequeue() : HttpStatusCode.OK;
                _requests.Add(new WebhookRequest(body, context.Request.ContentType, (int)status));
            }

            context.Response.StatusCode = (int)status;
            context.Response.Close();
        }
    }
}
