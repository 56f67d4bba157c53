using System.Net;
using System.Net.Sockets;

namespace BatchInference.Testing;

/// <summary>Loopback ports nothing listens on, for "unreachable endpoint" tests that fail at once (connection refused).</summary>
public static class ClosedPort
{
    /// <summary>A port bound and released again: the OS will not hand it out again soon.</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
