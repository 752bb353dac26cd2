using System.Net;
using System.Net.Sockets;

namespace Observability.Sidecar.Tests.Support;

/// <summary>Loopback ports nobody listens on right now (a child binds them a moment later; starts retry on a clash).</summary>
internal static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
