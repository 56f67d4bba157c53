using BatchInference.Cli.Composition;
using BatchInference.Storage.Queues;
using BatchInference.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Spectre.Console;

namespace BatchInference.Cli.Tests.Composition;

[Collection(AzuriteFixture.CollectionName)]
public sealed class PipelineTests(AzuriteFixture azurite)
{
    private static readonly IAnsiConsole Silent = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(TextWriter.Null) });

    [Theory]
    [InlineData("Engine:ShardMaxLines", "0", "Engine:ShardMaxLines must be at least 1")]
    [InlineData("Worker:MaxConcurrentMessages", "0", "Worker:MaxConcurrentMessages must be at least 1")]
    [InlineData("Storage:ConnectionString", "AccountName=only;DefaultEndpointsProtocol=ftp", "Storage:ConnectionString is invalid")]
    [InlineData("Providers:OpenAI:BaseUrl", "ftp://example.com/v1", "Providers settings are invalid")]
    public async Task StartAsync_InvalidSetting_ThrowsUsageExceptionNamingIt(string key, string value, string expected)
    {
        var configuration = Configuration(new() { ["Storage:ConnectionString"] = azurite.ConnectionString, [key] = value });

        var error = await Assert.ThrowsAsync<UsageException>(() => Pipeline.StartAsync(configuration, new PipelineSettings(), Silent, NullLoggerFactory.Instance));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_QueueNameConfigured_CreatesThatQueueAndItsPoisonQueue()
    {
        var name = "cli-pipeline-" + Guid.NewGuid().ToString("N")[..12];
        var configuration = Configuration(new() { ["Storage:ConnectionString"] = azurite.ConnectionString, ["Engine:QueueName"] = name });

        await using (var pipeline = await Pipeline.StartAsync(configuration, new PipelineSettings(), Silent, NullLoggerFactory.Instance))
        {
            Assert.Equal(name, pipeline.Queue.QueueName);
            Assert.Equal(name + "-poison", pipeline.PoisonQueue.QueueName);
        }

        // Not a private queue: it outlives the command for the workers.
        var queue = StorageQueueClient.FromConnectionString(azurite.ConnectionString, name);
        var poison = StorageQueueClient.FromConnectionString(azurite.ConnectionString, name + "-poison");
        Assert.Equal(0, await queue.GetApproximateCountAsync());
        Assert.Equal(0, await poison.GetApproximateCountAsync());
        await queue.DeleteIfExistsAsync();
        await poison.DeleteIfExistsAsync();
    }

    [Fact]
    public async Task DisposeAsync_PrivateQueue_DeletesItAndItsPoisonQueue()
    {
        var configuration = Configuration(new() { ["Storage:ConnectionString"] = azurite.ConnectionString });
        var pipeline = await Pipeline.StartAsync(configuration, new PipelineSettings { PrivateQueue = true }, Silent, NullLoggerFactory.Instance);
        var name = pipeline.Queue.QueueName;
        Assert.StartsWith("bi-run-", name, StringComparison.Ordinal);

        await pipeline.DisposeAsync();

        Assert.False(await StorageQueueClient.FromConnectionString(azurite.ConnectionString, name).DeleteIfExistsAsync());
        Assert.False(await StorageQueueClient.FromConnectionString(azurite.ConnectionString, name + "-poison").DeleteIfExistsAsync());
    }

    private static IConfiguration Configuration(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
