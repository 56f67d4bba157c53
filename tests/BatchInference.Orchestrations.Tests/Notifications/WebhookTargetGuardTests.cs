using System.Net;
using System.Net.Sockets;
using BatchInference.Orchestrations.Notifications;

namespace BatchInference.Orchestrations.Tests.Notifications;

public sealed class WebhookTargetGuardTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.8.9.10")]
    [InlineData("10.0.0.1")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.255")]
    [InlineData("192.168.1.1")]
    [InlineData("169.254.169.254")] // cloud metadata endpoint
    [InlineData("100.64.0.1")]
    [InlineData("0.0.0.0")]
    [InlineData("224.0.0.1")]
    [InlineData("255.255.255.255")]
    [InlineData("::1")]
    [InlineData("::")]
    [InlineData("fe80::1")]
    [InlineData("fc00::1")]
    [InlineData("fd12:3456::1")]
    [InlineData("ff02::1")]
    [InlineData("::ffff:10.0.0.1")]  // IPv4-mapped private
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("2001:db8::1")]
    public void IsPublic_NonPublicAddress_False(string address)
    {
        Assert.False(WebhookTargetGuard.IsPublic(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("172.32.0.1")]
    [InlineData("100.128.0.1")]
    [InlineData("192.169.0.1")]
    [InlineData("2606:4700::1111")]
    [InlineData("::ffff:8.8.8.8")]
    public void IsPublic_PublicAddress_True(string address)
    {
        Assert.True(WebhookTargetGuard.IsPublic(IPAddress.Parse(address)));
    }

    [Fact]
    public async Task CheckAsync_HostResolvingToAnyPrivateAddress_RefusedNamingIt()
    {
        var guard = Guard(new NotifyOptions(), "8.8.8.8", "10.9.8.7");

        var problem = await guard.CheckAsync("https://hooks.example.com/x", strict: true, default);

        Assert.Equal("resolves to a non-public address 10.9.8.7, which webhooks may not target (Notify:AllowPrivateTargets allows it for local use).", problem);
    }

    [Fact]
    public async Task CheckAsync_PublicHttps_Allowed()
    {
        Assert.Null(await Guard(new NotifyOptions(), "8.8.8.8").CheckAsync("https://hooks.example.com/x", strict: true, default));
    }

    [Fact]
    public async Task CheckAsync_LoopbackWithAllowPrivateTargets_Allowed()
    {
        Assert.Null(await Guard(new NotifyOptions { AllowPrivateTargets = true }).CheckAsync("https://127.0.0.1:8443/x", strict: true, default));
        Assert.NotNull(await Guard(new NotifyOptions()).CheckAsync("https://127.0.0.1:8443/x", strict: true, default));
    }

    [Fact]
    public async Task CheckAsync_Http_RefusedUnlessAllowed()
    {
        Assert.Equal("must use https (Notify:AllowHttp allows http for local testing).",
            await Guard(new NotifyOptions(), "8.8.8.8").CheckAsync("http://hooks.example.com/x", strict: true, default));
        Assert.Null(await Guard(new NotifyOptions { AllowHttp = true }, "8.8.8.8").CheckAsync("http://hooks.example.com/x", strict: true, default));
    }

    [Fact]
    public async Task CheckAsync_ThePipelinesOwnEndpoint_Refused()
    {
        var options = new NotifyOptions();
        options.PipelineEndpoints.Add(new Uri("https://mystorage.blob.core.windows.net/"));

        var problem = await Guard(options, "8.8.8.8").CheckAsync("https://MyStorage.blob.core.windows.net/results/x", strict: true, default);

        Assert.Equal("points at one of this pipeline's own endpoints, which webhooks may not target.", problem);
    }

    [Fact]
    public async Task CheckAsync_UnresolvableName_PassesAtAcceptanceButNotAtSend()
    {
        var guard = new WebhookTargetGuard(new NotifyOptions(), (_, _) => throw new SocketException((int)SocketError.HostNotFound));

        Assert.Null(await guard.CheckAsync("https://nowhere.example.com/x", strict: false, default));
        await Assert.ThrowsAsync<SocketException>(() => guard.CheckAsync("https://nowhere.example.com/x", strict: true, default));
    }

    [Fact]
    public async Task AllowedAddressesAsync_MixedAnswer_KeepsOnlyPublicOnes()
    {
        var guard = Guard(new NotifyOptions(), "10.0.0.5", "93.184.216.34", "127.0.0.1");

        Assert.Equal([IPAddress.Parse("93.184.216.34")], await guard.AllowedAddressesAsync("hooks.example.com", default));
    }

    [Fact]
    public async Task Send_ToAHostThatResolvesToLoopback_RefusedAtConnectTime()
    {
        // The connect-time check: the name passed (or was re-pointed) but now resolves to loopback.
        var guard = Guard(new NotifyOptions { AllowHttp = true }, "127.0.0.1");
        using var client = WebhookHttpClient.Create(guard, TimeSpan.FromSeconds(5));

        var e = await Assert.ThrowsAsync<HttpRequestException>(() => client.PostAsync("http://rebound.example.com:9/x", new StringContent("{}")));

        Assert.Contains("Notify:AllowPrivateTargets", e.Message, StringComparison.Ordinal);
    }

    private static WebhookTargetGuard Guard(NotifyOptions options, params string[] addresses) =>
        new(options, (_, _) => Task.FromResult(addresses.Select(IPAddress.Parse).ToArray()));
}
