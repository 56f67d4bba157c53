using System.Text.Json;
using BatchInference.Storage.Queues;
using BatchInference.Storage.ServiceBus;

namespace BatchInference.Storage.Tests.ServiceBus;

public sealed partial class ServiceBusQueueClientTests
{
    [Fact]
    public async Task DeadLetterAsync_Locked_SendsCopyWithReasonToThePoisonQueueThenCompletes()
    {
        _transport.Respond(201).Respond(200);

        var outcome = await NewNamespaceClient().DeadLetterAsync(Received(dequeueCount: 5), "MaxDeliveryCountExceeded", "failed 5 times: \"boom\"\nline 2");

        Assert.Equal(SettleOutcome.Applied, outcome);
        Assert.Equal(2, _transport.Requests.Count);
        var copy = _transport.Requests[0];
        Assert.Equal("POST", copy.Method);
        Assert.Equal("https://contoso.servicebus.windows.net/bi-work-poison/messages", copy.Uri.AbsoluteUri);
        Assert.Equal("payload", copy.BodyText);
        Assert.Equal("""{"MessageId":"msg-1"}""", copy.Header("BrokerProperties")); // same id: duplicate detection drops a re-sent copy
        Assert.Equal("\"MaxDeliveryCountExceeded\"", copy.Header("DeadLetterReason"));
        Assert.Equal("failed 5 times: \"boom\"\nline 2", JsonSerializer.Deserialize<string>(copy.Header("DeadLetterErrorDescription")!));
        Assert.DoesNotContain('\n', copy.Header("DeadLetterErrorDescription")!); // a header value cannot hold a line break
        Assert.Equal("\"bi-work\"", copy.Header("DeadLetterSource"));
        Assert.Equal("5", copy.Header("BI-Prior-Deliveries"));
        // The token is signed for the entity the request goes to, not for the client's own queue.
        Assert.StartsWith("SharedAccessSignature sr=https%3A%2F%2Fcontoso.servicebus.windows.net%2Fbi-work-poison&", copy.Header("Authorization"), StringComparison.Ordinal);
        var complete = _transport.Requests[1];
        Assert.Equal("DELETE", complete.Method);
        Assert.Equal($"https://contoso.servicebus.windows.net/bi-work/messages/11/{LockToken}", complete.Uri.AbsoluteUri);
        Assert.StartsWith("SharedAccessSignature sr=https%3A%2F%2Fcontoso.servicebus.windows.net%2Fbi-work&", complete.Header("Authorization"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeadLetterAsync_ConfiguredQueueAndNoDescription_SendsThereWithoutADescription()
    {
        _transport.Respond(201).Respond(200);

        await NewNamespaceClient(o => o.DeadLetterQueueName = "parked").DeadLetterAsync(Received(), "InvalidBody");

        Assert.Equal("https://contoso.servicebus.windows.net/parked/messages", _transport.Requests[0].Uri.AbsoluteUri);
        Assert.Null(_transport.Requests[0].Header("DeadLetterErrorDescription"));
    }

    [Fact]
    public async Task DeadLetterAsync_LockLostAfterTheCopy_ReportsLockLost()
    {
        _transport.Respond(201).Respond(404);

        Assert.Equal(SettleOutcome.LockLost, await NewNamespaceClient().DeadLetterAsync(Received(), "InvalidBody"));
        Assert.Equal(2, _transport.Requests.Count);
    }

    [Theory]
    [InlineData(404)]
    [InlineData(410)]
    public async Task DeadLetterAsync_PoisonQueueMissing_ThrowsNamingItAndLeavesTheOriginalLocked(int status)
    {
        _transport.Respond(status);

        var error = await Assert.ThrowsAsync<ServiceBusRequestException>(() => NewNamespaceClient().DeadLetterAsync(Received(), "InvalidBody"));

        Assert.Equal(status, error.Status);
        Assert.Contains("'bi-work-poison'", error.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
        Assert.Single(_transport.Requests); // nothing completed: the original reappears when its lock lapses
    }

    [Fact]
    public async Task DeadLetterAsync_Unauthorized_ThrowsWithoutRetrying()
    {
        _transport.Respond(401);

        var error = await Assert.ThrowsAsync<ServiceBusRequestException>(() => NewNamespaceClient().DeadLetterAsync(Received(), "InvalidBody"));

        Assert.Equal(401, error.Status);
        Assert.DoesNotContain("S3cr3tKey", error.Message, StringComparison.Ordinal);
        Assert.Single(_transport.Requests);
    }

    [Fact]
    public async Task DeadLetterAsync_BusyThenUnavailable_RetriesTheCopyThenCompletes()
    {
        _transport.Respond(429, ("Retry-After", "0")).Respond(503).Respond(201).Respond(200);

        Assert.Equal(SettleOutcome.Applied, await NewNamespaceClient().DeadLetterAsync(Received(), "InvalidBody"));
        Assert.Equal(["POST", "POST", "POST", "DELETE"], _transport.Requests.Select(r => r.Method));
    }

    [Fact]
    public async Task DeadLetterAsync_LongDescription_IsCutToTheLimit()
    {
        _transport.Respond(201).Respond(200);

        await NewNamespaceClient().DeadLetterAsync(Received(), "InvalidBody", new string('x', 10_000));

        var sent = JsonSerializer.Deserialize<string>(_transport.Requests[0].Header("DeadLetterErrorDescription")!)!;
        Assert.Equal(ServiceBusQueueClient.MaxDeadLetterTextLength, sent.Length);
        Assert.EndsWith("…", sent, StringComparison.Ordinal);
    }

    // A namespace-level key (no EntityPath) reaches the work queue and its poison queue alike.
    private ServiceBusQueueClient NewNamespaceClient(Action<ServiceBusQueueOptions>? configure = null)
    {
        var options = new ServiceBusQueueOptions
        {
            Transport = _transport,
            TimeProvider = _clock,
            Retry = { Delay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(1), MaxRetries = 3 },
        };
        configure?.Invoke(options);
        return ServiceBusQueueClient.FromConnectionString(
            "Endpoint=sb://contoso.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=S3cr3tKey+/=", "bi-work", options);
    }
}
