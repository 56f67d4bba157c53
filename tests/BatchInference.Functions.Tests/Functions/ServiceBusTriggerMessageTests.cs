using BatchInference.Functions.Functions;
using BatchInference.Functions.Invocation;
using Microsoft.Extensions.Time.Testing;

namespace BatchInference.Functions.Tests.Functions;

public sealed class ServiceBusTriggerMessageTests
{
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 11, 22, 1, 0, 5, TimeSpan.Zero));

    [Fact]
    public void From_DocumentedMetadata_ReadsIdCountTimesAndLockToken()
    {
        var request = Request("""{"message":"{\"type\":\"finish_job\"}"}""",
            """{"MessageId":"m-1","DeliveryCount":"3","EnqueuedTimeUtc":"2026-11-22T01:00:00Z","LockToken":"lt-1","ApplicationProperties":{}}""");

        var message = ServiceBusTriggerMessage.From(request, "message", Clock);

        Assert.Equal("m-1", message.Id);
        Assert.Equal(3, message.DequeueCount);
        Assert.Equal("""{"type":"finish_job"}""", message.Body.ToString());
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 1, 0, 0, TimeSpan.Zero), message.EnqueuedAt);
        Assert.Equal("lt-1", message.LockToken);
    }

    [Fact]
    public void From_BodyTheHostParsedAsJson_KeepsTheJson()
    {
        var request = Request("""{"message":{"type":"finish_job","job_id":"j"}}""", """{"MessageId":"m-1","DeliveryCount":1}""");

        Assert.Equal("""{"type":"finish_job","job_id":"j"}""", ServiceBusTriggerMessage.From(request, "message", Clock).Body.ToString());
    }

    [Theory]
    [InlineData("ApplicationProperties")]
    [InlineData("UserProperties")]
    public void From_DelayedAbandonCopy_ReportsTheOriginalIdAndContinuedCount(string bag)
    {
        var request = Request("""{"message":"x"}""",
            $$$"""{"MessageId":"copy-guid","DeliveryCount":1,"{{{bag}}}":{"BI-Original-Message-Id":"m-1","BI-Prior-Deliveries":2}}""");

        var message = ServiceBusTriggerMessage.From(request, "message", Clock);

        Assert.Equal("m-1", message.Id);
        Assert.Equal(3, message.DequeueCount);
    }

    [Fact]
    public void From_NoBody_ThrowsInvalidPayload()
    {
        var request = Request("""{"other":"x"}""", """{"MessageId":"m-1","DeliveryCount":1}""");

        var error = Assert.Throws<InvalidPayloadException>(() => ServiceBusTriggerMessage.From(request, "message", Clock));

        Assert.Contains("\"message\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Property_DeadLetterReason_ReadFromApplicationProperties()
    {
        var request = Request("""{"message":"x"}""", """{"MessageId":"m","DeliveryCount":1,"ApplicationProperties":{"DeadLetterReason":"TTLExpiredException"}}""");

        Assert.Equal("TTLExpiredException", ServiceBusTriggerMessage.Property(request, "DeadLetterReason"));
        Assert.Null(ServiceBusTriggerMessage.Property(request, "DeadLetterErrorDescription"));
    }

    private static InvocationRequest Request(string data, string metadata) =>
        InvocationRequest.Parse(BinaryData.FromString($$"""{"Data":{{data}},"Metadata":{{metadata}}}"""));
}
