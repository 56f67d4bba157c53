using BatchInference.Functions.Composition;
using BatchInference.Storage.ServiceBus;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace BatchInference.Functions.Tests.Composition;

/// <summary>Which queue the engine works on is one setting, Engine__Queue; no network is touched to build the pipeline.</summary>
public sealed class FunctionsPipelineTests
{
    private const string Storage = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=a2V5;BlobEndpoint=http://127.0.0.1:1/devstoreaccount1;QueueEndpoint=http://127.0.0.1:2/devstoreaccount1";

    [Fact]
    public void Create_QueueNotSet_WorksOnTheStorageQueue()
    {
        var pipeline = Create(("Engine:QueueName", "my-work"));

        Assert.Equal(EngineQueueKind.Storage, pipeline.QueueKind);
        Assert.Equal("my-work", pipeline.WorkQueueName);
        Assert.Same(pipeline.StorageQueue, pipeline.WorkQueue);
    }

    [Fact]
    public void Create_ServiceBusWithConnectionString_WorksOnTheServiceBusWorkQueue()
    {
        var pipeline = Create(
            ("Engine:Queue", "ServiceBus"),
            ("ServiceBus", "Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=k;SharedAccessKey=v"),
            ("ServiceBus:WorkQueue", "engine-work"));

        Assert.Equal(EngineQueueKind.ServiceBus, pipeline.QueueKind);
        Assert.Null(pipeline.StorageQueue);
        var queue = Assert.IsType<ServiceBusWorkQueue>(pipeline.WorkQueue);
        Assert.Equal(("engine-work", "ns.servicebus.windows.net"), (queue.QueueName, queue.FullyQualifiedNamespace));
        Assert.Equal("engine-work", pipeline.WorkQueueName);
    }

    [Fact]
    public void Create_ServiceBusWithManagedIdentity_UsesTheDefaultWorkQueue()
    {
        var pipeline = Create(("Engine:Queue", "servicebus"), ("ServiceBus:fullyQualifiedNamespace", "ns.servicebus.windows.net"));

        Assert.Equal(ServiceBusSettings.DefaultWorkQueue, Assert.IsType<ServiceBusWorkQueue>(pipeline.WorkQueue).QueueName);
    }

    [Theory]
    [InlineData("Engine:Queue", "kafka", "Engine__Queue must be 'storage' or 'servicebus' (is 'kafka')")]
    [InlineData("ServiceBus:WorkQueue", "x", "set ServiceBus (a connection string) or ServiceBus__fullyQualifiedNamespace")]
    public void Create_InvalidQueueSettings_ThrowsNamingTheSetting(string key, string value, string message)
    {
        var settings = key == "Engine:Queue" ? new[] { (key, value) } : [("Engine:Queue", "servicebus"), (key, value)];

        var error = Assert.Throws<InvalidOperationException>(() => Create(settings));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_ServiceBusConnectionStringWithoutKey_ThrowsWithoutRepeatingIt()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Create(
            ("Engine:Queue", "servicebus"), ("ServiceBus", "Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=k;SharedAccessKey=")));

        Assert.Contains("ServiceBus connection string is invalid", error.Message, StringComparison.Ordinal);
    }

    private static FunctionsPipeline Create(params (string Key, string Value)[] settings)
    {
        var values = new Dictionary<string, string?>
        {
            ["Storage"] = Storage,
            ["Providers:OpenAI:BaseUrl"] = "http://127.0.0.1:9/v1",
            ["Providers:OpenAI:ApiKey"] = "test",
        };
        foreach (var (key, value) in settings)
        {
            values[key] = value;
        }

        return FunctionsPipeline.Create(new ConfigurationBuilder().AddInMemoryCollection(values).Build(), NullLoggerFactory.Instance, TimeProvider.System);
    }
}
