using System.Net;
using System.Net.Sockets;
using BatchInference.Jobs.Settings;

namespace BatchInference.Orchestrations.Notifications;

/// <summary>
/// Where a webhook may point (SSRF): an <c>https</c> URL (<c>http</c> only with <c>Notify:AllowHttp</c>), not one of the
/// pipeline's own endpoints, resolving only to public addresses (unless <c>Notify:AllowPrivateTargets</c>). Checked when
/// a job is accepted and again when each request connects (<see cref="WebhookHttpClient"/>), since DNS may change.
/// </summary>
internal sealed class WebhookTargetGuard(NotifyOptions options, Func<string, CancellationToken, Task<IPAddress[]>>? resolve = null)
{
    private readonly Func<string, CancellationToken, Task<IPAddress[]>> _resolve = resolve ?? Dns.GetHostAddressesAsync;

    /// <summary>What is wrong with <paramref name="url"/> before any address is looked up; null when nothing.</summary>
    public string? CheckUrl(string url)
    {
        if (WebhookUrlRules.Check(url, out var uri) is { } problem)
        {
            return problem;
        }

        if (uri!.Scheme != Uri.UriSchemeHttps && !options.AllowHttp)
        {
            return "must use https (Notify:AllowHttp allows http for local testing).";
        }

        return options.PipelineEndpoints.Any(e => SameAuthority(e, uri))
            ? "points at one of this pipeline's own endpoints, which webhooks may not target."
            : null;
    }

    /// <summary>
    /// <see cref="CheckUrl"/>, then the addresses the host resolves to: any non-public one is refused. A name that does
    /// not resolve now passes (<paramref name="strict"/> false, at acceptance: DNS may be briefly down); the send checks
    /// again.
    /// </summary>
    public async Task<string?> CheckAsync(string url, bool strict, CancellationToken cancellationToken)
    {
        if (CheckUrl(url) is { } problem)
        {
            return problem;
        }

        var host = new Uri(url).IdnHost;
        IPAddress[] addresses;
        try
        {
            addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await _resolve(host, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException) when (!strict)
        {
            return null;
        }

        return addresses.FirstOrDefault(a => !IsAllowed(a)) is { } blocked
            ? $"resolves to {Describe(blocked)} address {blocked}, which webhooks may not target (Notify:AllowPrivateTargets allows it for local use)."
            : addresses.Length == 0 && strict ? "does not resolve to any address." : null;
    }

    /// <summary>Whether a connection to <paramref name="address"/> is allowed.</summary>
    public bool IsAllowed(IPAddress address) => options.AllowPrivateTargets || IsPublic(address);

    /// <summary>Resolves <paramref name="host"/> and returns the addresses a send may connect to (none: refused).</summary>
    public async Task<IPAddress[]> AllowedAddressesAsync(string host, CancellationToken cancellationToken)
    {
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await _resolve(host, cancellationToken).ConfigureAwait(false);
        return [.. addresses.Where(IsAllowed)];
    }

    /// <summary>True for a globally routable unicast address: not loopback, private, link-local, shared (CGNAT),
    /// unspecified, multicast, documentation or benchmarking ranges (IPv4, IPv6 and IPv4-mapped IPv6).</summary>
    public static bool IsPublic(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address))
        {
            return false;
        }

        var b = address.GetAddressBytes();
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            return !(b[0] is 0 or 10 or 127 || b[0] >= 224
                || (b[0] == 100 && (b[1] & 0xC0) == 64)    // 100.64.0.0/10 shared address space
                || (b[0] == 169 && b[1] == 254)             // link-local, cloud metadata endpoints
                || (b[0] == 172 && (b[1] & 0xF0) == 16)
                || (b[0] == 192 && b[1] == 168)
                || (b[0] == 192 && b[1] == 0 && b[2] is 0 or 2)
                || (b[0] == 198 && (b[1] & 0xFE) == 18)     // benchmarking
                || (b[0] == 198 && b[1] == 51 && b[2] == 100)
                || (b[0] == 203 && b[1] == 0 && b[2] == 113));
        }

        return address.AddressFamily == AddressFamily.InterNetworkV6
            && !address.Equals(IPAddress.IPv6None)
            && !address.IsIPv6LinkLocal && !address.IsIPv6SiteLocal && !address.IsIPv6Multicast
            && (b[0] & 0xFE) != 0xFC                        // fc00::/7 unique local
            && !(b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0D && b[3] == 0xB8) // 2001:db8::/32 documentation
            && !(b[0] == 0 && b[1] == 0);                   // ::/16: unspecified, IPv4-compatible and the like
    }

    private static string Describe(IPAddress address) =>
        IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address) ? "the loopback" : "a non-public";

    private static bool SameAuthority(Uri own, Uri target) =>
        string.Equals(own.IdnHost, target.IdnHost, StringComparison.OrdinalIgnoreCase) && own.Port == target.Port;
}
