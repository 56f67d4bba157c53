using System.Net.Sockets;

namespace BatchInference.Orchestrations.Notifications;

/// <summary>
/// The one <see cref="HttpClient"/> webhooks are sent with: its handler connects only to addresses the
/// <see cref="WebhookTargetGuard"/> allows, checked at connect time (so a name re-pointed at a private address after
/// the job was accepted is still refused), follows no redirects (a redirect could lead anywhere) and renews pooled
/// connections every few minutes so DNS changes are seen.
/// </summary>
internal static class WebhookHttpClient
{
    public static HttpClient Create(WebhookTargetGuard guard, TimeSpan timeout)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = timeout,
            ConnectCallback = async (context, cancellationToken) =>
            {
                var endpoint = context.DnsEndPoint;
                var addresses = await guard.AllowedAddressesAsync(endpoint.Host, cancellationToken).ConfigureAwait(false);
                if (addresses.Length == 0)
                {
                    throw new HttpRequestException(
                        $"The webhook host resolves to no address webhooks may target (non-public addresses need Notify:AllowPrivateTargets).");
                }

                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(addresses, endpoint.Port, cancellationToken).ConfigureAwait(false);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler) { Timeout = timeout };
    }
}
