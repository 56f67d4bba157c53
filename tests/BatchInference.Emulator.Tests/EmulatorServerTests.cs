using System.Net;
using System.Net.Sockets;

namespace BatchInference.Emulator.Tests;

public sealed class EmulatorServerTests
{
    [Fact]
    public async Task StartAsync_PortZero_ListensOnAFreeLoopbackPort()
    {
        await using var server = await EmulatorServer.StartAsync(new EmulatorOptions());
        using var client = TestEmulator.Client(server);

        using var response = await client.GetAsync("health");

        Assert.Equal("127.0.0.1", server.BaseAddress.Host);
        Assert.NotEqual(0, server.BaseAddress.Port);
        Assert.EndsWith("/", server.BaseAddress.AbsoluteUri);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task StartAsync_InvalidOptions_ThrowsBeforeListening() =>
        await Assert.ThrowsAnyAsync<ArgumentException>(() => EmulatorServer.StartAsync(new EmulatorOptions { ServerErrorRate = 1.5 }));

    [Fact]
    public async Task DisposeAsync_Running_ReleasesThePort()
    {
        var server = await TestEmulator.StartAsync();
        var port = server.BaseAddress.Port;

        await server.DisposeAsync();

        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await Assert.ThrowsAsync<SocketException>(() => socket.ConnectAsync(IPAddress.Loopback, port));
    }

    [Fact]
    public async Task Reconfigure_ErrorRateToOneAndBack_AppliesToFollowingRequests()
    {
        await using var server = await TestEmulator.StartAsync();
        using var client = TestEmulator.Client(server);

        server.Reconfigure(o => o.ServerErrorRate = 1);
        using var failing = await TestEmulator.PostJsonAsync(client, "v1/chat/completions", TestEmulator.ChatBody("a"));
        server.Reconfigure(o => o.ServerErrorRate = 0);
        using var succeeding = await TestEmulator.PostJsonAsync(client, "v1/chat/completions", TestEmulator.ChatBody("a"));

        Assert.True((int)failing.StatusCode >= 500);
        Assert.Equal(HttpStatusCode.OK, succeeding.StatusCode);
        Assert.Equal(1, server.RequestLog.BillableCount);
    }

    [Fact]
    public async Task Reconfigure_InvalidOrPortChange_ThrowsAndKeepsOptions()
    {
        await using var server = await TestEmulator.StartAsync(o => o.RequestsPerMinute = 1);
        using var client = TestEmulator.Client(server);

        Assert.ThrowsAny<ArgumentException>(() => server.Reconfigure(o => { o.RequestsPerMinute = 0; o.ServerErrorRate = -1; }));
        Assert.ThrowsAny<ArgumentException>(() => server.Reconfigure(o => o.Port = 1));
        using var first = await TestEmulator.PostJsonAsync(client, "v1/chat/completions", TestEmulator.ChatBody("a"));
        using var second = await TestEmulator.PostJsonAsync(client, "v1/chat/completions", TestEmulator.ChatBody("a"));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
    }

    [Fact]
    public async Task Post_ThirtyTwoConcurrentClients_EveryRequestRecordedOnceAndBilled()
    {
        await using var server = await TestEmulator.StartAsync();
        var clients = Enumerable.Range(0, 32).Select(_ => TestEmulator.Client(server)).ToList();

        await Task.WhenAll(clients.Select((client, c) => Task.Run(async () =>
        {
            for (var i = 0; i < 20; i++)
            {
                var path = i % 2 == 0 ? "v1/chat/completions" : "v1/embeddings";
                var body = i % 2 == 0 ? TestEmulator.ChatBody($"c{c} r{i}") : $$"""{"model":"text-embedding-3-small","input":"c{{c}} r{{i}}"}""";
                using var response = await TestEmulator.PostJsonAsync(client, path, body, $"job:c{c}-r{i}:1");
                response.EnsureSuccessStatusCode();
            }
        })));
        clients.ForEach(c => c.Dispose());

        var records = server.RequestLog.Snapshot();
        Assert.Equal(640, records.Count);
        Assert.Equal(640, server.RequestLog.BillableCount);
        Assert.Equal(640, records.Select(r => r.RequestId).Distinct().Count());
        Assert.Equal(640, records.Select(r => r.ClientRequestId).Distinct().Count());
    }
}
