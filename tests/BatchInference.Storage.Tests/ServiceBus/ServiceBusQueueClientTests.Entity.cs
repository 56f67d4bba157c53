using System.Xml.Linq;
using BatchInference.Storage.ServiceBus;

namespace BatchInference.Storage.Tests.ServiceBus;

public sealed partial class ServiceBusQueueClientTests
{
    private static readonly XNamespace AtomNs = "http://www.w3.org/2005/Atom";
    private static readonly XNamespace ConnectNs = "http://schemas.microsoft.com/netservices/2010/10/servicebus/connect";

    [Fact]
    public async Task CreateIfNotExistsAsync_Missing_PutsAtomEntryWithTheDescriptionInContractOrder()
    {
        _transport.Respond(201);

        var created = await NewClient().CreateIfNotExistsAsync(ServiceBusQueueDescription.WorkQueue);

        Assert.True(created);
        var request = Assert.Single(_transport.Requests);
        Assert.Equal("PUT", request.Method);
        Assert.Equal("https://contoso.servicebus.windows.net/batch-jobs?api-version=2021-05", request.Uri.AbsoluteUri);
        Assert.Equal("application/atom+xml;type=entry;charset=utf-8", request.Header("Content-Type"));
        Assert.Null(request.Header("If-Match")); // with If-Match: * the PUT would update an existing queue
        Assert.StartsWith("SharedAccessSignature sr=https%3A%2F%2Fcontoso.servicebus.windows.net%2Fbatch-jobs&", request.Header("Authorization"), StringComparison.Ordinal);
        var entry = XDocument.Parse(request.BodyText).Root!;
        Assert.Equal(AtomNs + "entry", entry.Name);
        var content = Assert.Single(entry.Elements(AtomNs + "content"));
        Assert.Equal("application/xml", content.Attribute("type")?.Value);
        var description = Assert.Single(content.Elements(ConnectNs + "QueueDescription"));
        Assert.Equal(
            ["LockDuration=PT1M", "DefaultMessageTimeToLive=P14D", "DeadLetteringOnMessageExpiration=true", "MaxDeliveryCount=5"],
            description.Elements().Select(e => $"{e.Name.LocalName}={e.Value}"));
    }

    [Fact]
    public async Task CreateIfNotExistsAsync_NoDescription_SendsAnEmptyDescriptionForTheServiceDefaults()
    {
        _transport.Respond(201);

        await NewClient().CreateIfNotExistsAsync();

        var description = XDocument.Parse(Assert.Single(_transport.Requests).BodyText).Descendants(ConnectNs + "QueueDescription").Single();
        Assert.Empty(description.Elements());
    }

    [Fact]
    public async Task CreateIfNotExistsAsync_Exists_Answers409AndReturnsFalse()
    {
        _transport.Respond(409);

        Assert.False(await NewClient().CreateIfNotExistsAsync());
    }

    [Fact]
    public async Task CreateIfNotExistsAsync_ThrottledThenExists_RetriesAndReturnsFalse()
    {
        _transport.Respond(429, ("Retry-After", "0")).Respond(503).Respond(409);

        Assert.False(await NewClient().CreateIfNotExistsAsync());
        Assert.Equal(3, _transport.Requests.Count);
    }

    [Theory]
    [InlineData(401, "credential was refused")]
    [InlineData(403, "lacks the right")]
    public async Task CreateIfNotExistsAsync_Refused_ThrowsNamingTheQueueAndWhy(int status, string why)
    {
        _transport.Respond(status);

        var error = await Assert.ThrowsAsync<ServiceBusRequestException>(() => NewClient().CreateIfNotExistsAsync());

        Assert.Equal(status, error.Status);
        Assert.Contains("Create queue on Service Bus queue 'batch-jobs'", error.Message, StringComparison.Ordinal);
        Assert.Contains(why, error.Message, StringComparison.Ordinal);
        Assert.Single(_transport.Requests);
    }

    [Fact]
    public async Task CreateIfNotExistsAsync_LockDurationAboveFiveMinutes_ThrowsBeforeSending()
    {
        var description = new ServiceBusQueueDescription { LockDuration = TimeSpan.FromMinutes(6) };

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => NewClient().CreateIfNotExistsAsync(description));
        Assert.Empty(_transport.Requests);
    }
}
