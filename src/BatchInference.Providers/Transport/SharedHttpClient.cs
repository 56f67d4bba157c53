using System.Net;

namespace BatchInference.Providers.Transport;

/// <summary>
/// The one <see cref="HttpClient"/> the Anthropic calls share, so clients that live as long as the process and are
/// never disposed do not each hold a connection pool. Its own timeout is off: every call carries its own limit.
/// </summary>
internal static class SharedHttpClient
{
    public static HttpClient Instance { get; } = new(new SocketsHttpHandler
    {
        // Recycled connections follow DNS changes of long-lived endpoints.
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        AutomaticDecompression = DecompressionMethods.All,
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };
}
