using System.Net;
using System.Text;
using System.Text.Json;
using Observability.Sidecar.Tests.Support;

namespace Observability.Ops.Tests.Support;

/// <summary>One notification Alertmanager POSTed: the receiver path it was sent to and the alert names it carried.</summary>
internal sealed record AlertNotification(string Path, string Status, IReadOnlyList<string> AlertNames);

/// <summary>
/// The scenario's stand-in for the pager and ticket bridges: an HttpListener on 127.0.0.1 that records every
/// Alertmanager webhook notification (its path and alert names) and answers 200. Stops on dispose.
/// </summary>
internal sealed class AlertReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly List<AlertNotification> _notifications = [];
    private readonly Lock _gate = new();
    private readonly Task _loop;

    public AlertReceiver()
    {
        for (var attempt = 0; ; attempt++)
        {
            BaseUrl = new Uri($"http://127.0.0.1:{FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture)}/");
            _listener.Prefixes.Clear();
            _listener.Prefixes.Add(BaseUrl.ToString());
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

    /// <summary><c>http://127.0.0.1:port/</c>; every path under it is recorded.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    public IReadOnlyList<AlertNotification> Notifications
    {
        get
        {
            lock (_gate)
            {
                return [.. _notifications];
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

            using (var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8))
            {
                var body = await reader.ReadToEndAsync();
                try
                {
                    using var document = JsonDocument.Parse(body);
                    var root = document.RootElement;
                    var names = root.GetProperty("alerts").EnumerateArray()
                        .Select(a => a.GetProperty("labels").GetProperty("alertname").GetString()!)
                        .ToList();
                    lock (_gate)
                    {
                        _notifications.Add(new AlertNotification(context.Request.Url!.AbsolutePath, root.GetProperty("status").GetString()!, names));
                    }
                }
                catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
                {
                    lock (_gate)
                    {
                        _notifications.Add(new AlertNotification(context.Request.Url!.AbsolutePath, "unreadable: " + e.Message, []));
                    }
                }
            }

            context.Response.StatusCode = 200;
            context.Response.Close();
        }
    }
}
