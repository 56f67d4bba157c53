using System.Text;
using System.Text.Json;
using Azure.Core;
using BatchInference.Storage.ServiceBus;
using Microsoft.Extensions.Time.Testing;

namespace BatchInference.Storage.Tests.ServiceBus;

public sealed partial class ServiceBusQueueClientTests
{
    private const string ConnectionString =
        "Endpoint=sb://contoso.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=S3cr3tKey+/=;EntityPath=batch-jobs";

    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly RecordingTransport _transport = new();
    private readonly FakeTimeProvider _clock = new(Now);

    private ServiceBusQueueClient NewClient(Action<ServiceBusQueueOptions>? configure = null)
    {
        var options = new ServiceBusQueueOptions
        {
            Transport = _transport,
            TimeProvider = _clock,
            Retry = { Delay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(1), MaxRetries = 2 },
        };
        configure?.Invoke(options);
        return ServiceBusQueueClient.FromConnectionString(ConnectionString, options: options);
    }

    [Fact]
    public async Task SendAsync_NoDelay_PostsBodyWithMessageIdAndSasForThisQueue()
    {
        _transport.Respond(201);
        var body = BinaryData.FromString("{\"kind\":\"RunShard\"}").WithMediaType("application/json");

        var receipt = await NewClient().SendAsync(body);

        var request = Assert.Single(_transport.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("https://contoso.servicebus.windows.net/batch-jobs/messages", request.Uri.AbsoluteUri);
        Assert.Equal("application/json", request.Header("Content-Type"));
        Assert.Equal("{\"kind\":\"RunShard\"}", request.BodyText);
        var expectedSas = ServiceBusSasToken.Create(
            new Uri("https://contoso.servicebus.windows.net/batch-jobs"), "RootManageSharedAccessKey", "S3cr3tKey+/=", Now.AddHours(1));
        Assert.Equal(expectedSas, request.Header("Authorization"));
        using var broker = JsonDocument.Parse(request.Header("BrokerProperties")!);
        Assert.Equal(receipt.MessageId, broker.RootElement.GetProperty("MessageId").GetString());
        Assert.True(Guid.TryParse(receipt.MessageId, out _));
        Assert.False(broker.RootElement.TryGetProperty("ScheduledEnqueueTimeUtc", out _));
        Assert.Equal(Now, receipt.EnqueuedAt);
        Assert.Equal(Now, receipt.NextVisibleAt);
    }

    [Fact]
    public async Task SendAsync_MessageIdAndDelay_SendsIdAndScheduleRoundedUpToTheSecond()
    {
        _transport.Respond(201);
        var client = NewClient(o => o.MessageTimeToLive = TimeSpan.FromDays(2));

        var receipt = await client.SendAsync(BinaryData.FromBytes([0, 255, 7]), "job-42:start", TimeSpan.FromSeconds(90.2));

        var request = Assert.Single(_transport.Requests);
        Assert.Equal("application/octet-stream", request.Header("Content-Type"));
        Assert.Equal([0, 255, 7], request.Body);
        Assert.Equal(
            """{"MessageId":"job-42:start","ScheduledEnqueueTimeUtc":"Sun, 01 Mar 2026 12:01:31 GMT","TimeToLive":172800}""",
            request.Header("BrokerProperties"));
        Assert.Equal("job-42:start", receipt.MessageId);
        Assert.Equal(Now.AddSeconds(91), receipt.NextVisibleAt);
    }

    [Fact]
    public async Task SendAsync_ServiceDateHeader_ReportsTheQueueClock()
    {
        _transport.Respond(201, ("Date", "Sun, 01 Mar 2026 12:00:03 GMT"));

        var receipt = await NewClient().SendAsync(BinaryData.FromString("x"));

        Assert.Equal(Now.AddSeconds(3), receipt.EnqueuedAt);
    }

    [Fact]
    public async Task SendAsync_NegativeDelay_ThrowsBeforeSending()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => NewClient().SendAsync(BinaryData.FromString("x"), TimeSpan.FromSeconds(-1)));

        Assert.Empty(_transport.Requests);
    }

    [Fact]
    public async Task SendBatchAsync_Messages_PostsOneJsonArrayWithBrokerPropertiesEach()
    {
        _transport.Respond(201);
        ServiceBusOutgoingMessage[] messages =
        [
            new(BinaryData.FromString("{\"a\":1}"), "m-1"),
            new(BinaryData.FromBytes([0xff, 0x00]), "m-2", TimeSpan.FromMinutes(5)),
        ];

        var receipts = await NewClient().SendBatchAsync(messages);

        var request = Assert.Single(_transport.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("https://contoso.servicebus.windows.net/batch-jobs/messages", request.Uri.AbsoluteUri);
        Assert.Equal("application/vnd.microsoft.servicebus.json", request.Header("Content-Type"));
        Assert.Equal(
            """[{"Body":"{\u0022a\u0022:1}","BrokerProperties":{"MessageId":"m-1"}},"""
            + """{"Body":"/wA=","IsBodyBase64":true,"BrokerProperties":{"MessageId":"m-2","ScheduledEnqueueTimeUtc":"Sun, 01 Mar 2026 12:05:00 GMT"}}]""",
            request.BodyText);
        Assert.Equal(["m-1", "m-2"], receipts.Select(r => r.MessageId));
        Assert.Equal([Now, Now.AddMinutes(5)], receipts.Select(r => r.NextVisibleAt));
    }

    [Fact]
    public async Task SendBatchAsync_Empty_SendsNothing()
    {
        var receipts = await NewClient().SendBatchAsync([]);

        Assert.Empty(receipts);
        Assert.Empty(_transport.Requests);
    }

    [Fact]
    public async Task SendAsync_Unauthorized_ThrowsClearExceptionWithoutSecretsAndDoesNotRetry()
    {
        _transport.Respond(401);

        var error = await Assert.ThrowsAsync<ServiceBusRequestException>(() => NewClient().SendAsync(BinaryData.FromString("x")));

        Assert.Equal(401, error.Status);
        Assert.Contains("credential was refused", error.Message, StringComparison.Ordinal);
        Assert.Contains("batch-jobs", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("S3cr3tKey", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("sig=", error.Message, StringComparison.Ordinal);
        Assert.Single(_transport.Requests);
    }

    [Fact]
    public async Task SendAsync_ThrottledWithRetryAfter_RetriesWithAFreshSignature()
    {
        _transport.Respond(429, ("Retry-After", "0")).Respond(201);

        var receipt = await NewClient().SendAsync(BinaryData.FromString("x"), "same-id");

        Assert.Equal(2, _transport.Requests.Count);
        Assert.All(_transport.Requests, r => Assert.StartsWith("SharedAccessSignature sr=", r.Header("Authorization"), StringComparison.Ordinal));
        Assert.All(_transport.Requests, r => Assert.Contains("\"same-id\"", r.Header("BrokerProperties"), StringComparison.Ordinal));
        Assert.Equal("same-id", receipt.MessageId);
    }

    [Fact]
    public async Task SendAsync_UnavailableBeyondRetries_ThrowsAfterEveryAttempt()
    {
        _transport.Respond(503).Respond(503).Respond(503);

        var error = await Assert.ThrowsAsync<ServiceBusRequestException>(() => NewClient().SendAsync(BinaryData.FromString("x")));

        Assert.Equal(503, error.Status);
        Assert.Equal(3, _transport.Requests.Count);
    }

    [Fact]
    public async Task SendAsync_QueueGone_ThrowsNamingTheQueue()
    {
        _transport.Respond(410);

        var error = await Assert.ThrowsAsync<ServiceBusRequestException>(() => NewClient().SendAsync(BinaryData.FromString("x")));

        Assert.Equal(410, error.Status);
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Constructor_TokenCredential_SendsBearerTokenForServiceBusScope()
    {
        _transport.Respond(201);
        var credential = new RecordingCredential("token-abc");
        var client = new ServiceBusQueueClient(
            new Uri("https://contoso.servicebus.windows.net"), "batch-jobs", credential, new ServiceBusQueueOptions { Transport = _transport });

        await client.SendAsync(BinaryData.FromString("x"));

        Assert.Equal(["https://servicebus.azure.net/.default"], credential.Scopes);
        Assert.Equal("Bearer token-abc", Assert.Single(_transport.Requests).Header("Authorization"));
    }

    [Fact]
    public async Task SendAsync_DevelopmentEmulatorConnectionString_PostsOverPlainHttpSignedForTheQueue()
    {
        _transport.Respond(201);
        var client = ServiceBusQueueClient.FromConnectionString(
            "Endpoint=sb://localhost:5300;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=SAS_KEY_VALUE;UseDevelopmentEmulator=true;",
            "bi-work",
            new ServiceBusQueueOptions { Transport = _transport, TimeProvider = _clock });

        await client.SendAsync(BinaryData.FromString("x"), "m-1");

        var request = Assert.Single(_transport.Requests);
        Assert.Equal("http://localhost:5300/bi-work/messages", request.Uri.AbsoluteUri);
        var expectedSas = ServiceBusSasToken.Create(new Uri("http://localhost:5300/bi-work"), "RootManageSharedAccessKey", "SAS_KEY_VALUE", Now.AddHours(1));
        Assert.Equal(expectedSas, request.Header("Authorization"));
    }

    [Fact]
    public void Constructor_QueueOtherThanEntityPath_Throws()
    {
        Assert.Throws<ArgumentException>(() => ServiceBusQueueClient.FromConnectionString(ConnectionString, "other-queue"));
    }

    [Fact]
    public async Task GetApproximateCountAsync_QueueDescription_AddsActiveAndScheduled()
    {
        const string Atom = """
            <entry xmlns="http://www.w3.org/2005/Atom"><title type="text">batch-jobs</title><content type="application/xml">
            <QueueDescription xmlns="http://schemas.microsoft.com/netservices/2010/10/servicebus/connect" xmlns:i="http://www.w3.org/2001/XMLSchema-instance">
            <LockDuration>PT1M</LockDuration><MessageCount>9</MessageCount>
            <CountDetails xmlns:d2p1="http://schemas.microsoft.com/netservices/2011/06/servicebus">
            <d2p1:ActiveMessageCount>5</d2p1:ActiveMessageCount><d2p1:DeadLetterMessageCount>3</d2p1:DeadLetterMessageCount>
            <d2p1:ScheduledMessageCount>1</d2p1:ScheduledMessageCount></CountDetails>
            </QueueDescription></content></entry>
            """;
        _transport.Respond(200, Encoding.UTF8.GetBytes(Atom), ("Content-Type", "application/atom+xml;type=entry;charset=utf-8"));

        var count = await NewClient().GetApproximateCountAsync();

        Assert.Equal(6, count);
        var request = Assert.Single(_transport.Requests);
        Assert.Equal("GET", request.Method);
        Assert.Equal("https://contoso.servicebus.windows.net/batch-jobs?api-version=2021-05", request.Uri.AbsoluteUri);
    }

    [Fact]
    public async Task GetApproximateCountAsync_EmptyFeed_ThrowsQueueNotFound()
    {
        const string Feed = """<feed xmlns="http://www.w3.org/2005/Atom"><title type="text">Publicly Listed Services</title></feed>""";
        _transport.Respond(200, Encoding.UTF8.GetBytes(Feed));

        var error = await Assert.ThrowsAsync<ServiceBusRequestException>(() => NewClient().GetApproximateCountAsync());

        Assert.Equal(404, error.Status);
    }

    private sealed class RecordingCredential(string token) : TokenCredential
    {
        public List<string> Scopes { get; } = [];

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            Scopes.AddRange(requestContext.Scopes);
            return new AccessToken(token, DateTimeOffset.MaxValue);
        }

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }
}
