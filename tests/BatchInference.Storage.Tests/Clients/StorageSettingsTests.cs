using Azure.Messaging.ServiceBus;
using Azure.Messaging.ServiceBus.Administration;
using BatchInference.Storage.Clients;
using BatchInference.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace BatchInference.Storage.Tests.Clients;

/// <summary>The storage settings both hosts read, and the shared root that registers the SDK clients from them.</summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class StorageSettingsTests(AzuriteFixture azurite)
{
    [Fact]
    public void Read_EndpointsOnlyConnectionString_SignsInWithEntraId()
    {
        var account = StorageSettings.Read(Settings(("Storage:ConnectionString", "BlobEndpoint=https://acct.blob.core.windows.net/;QueueEndpoint=https://acct.queue.core.windows.net/")));

        Assert.Null(account.ConnectionString);
        Assert.NotNull(account.Credential);
        Assert.Equal(new Uri("https://acct.queue.core.windows.net/"), account.QueueEndpoint);
    }

    [Fact]
    public void Read_DocumentedNameWinsOverTheAliases()
    {
        var account = StorageSettings.Read(Settings(("Storage:ConnectionString", "UseDevelopmentStorage=true"), ("AzureWebJobsStorage", "BlobEndpoint=https://other.blob.core.windows.net/")));

        Assert.Equal("UseDevelopmentStorage=true", account.ConnectionString);
        Assert.Null(account.Credential);
    }

    [Fact]
    public void Read_NothingConfigured_ThrowsNamingTheSetting() =>
        Assert.Contains("Storage__ConnectionString", Assert.Throws<InvalidOperationException>(() => StorageSettings.Read(Settings())).Message, StringComparison.Ordinal);

    [Fact]
    public async Task AddBatchInference_AzuriteConnectionStringAlias_RegistersClientsThatWorkAgainstAzurite()
    {
        using var provider = new ServiceCollection()
            .AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance)
            .AddBatchInference(Settings(("Storage", azurite.ConnectionString)))
            .BuildServiceProvider();
        var storage = provider.GetRequiredService<StorageClients>();

        var container = azurite.NewContainerName();
        Assert.True(await storage.CreateBlobStore().CreateContainerIfNotExistsAsync(container));
        var queue = storage.CreateQueue(azurite.NewContainerName("q"));
        Assert.True(await queue.CreateIfNotExistsAsync());
        await queue.SendAsync(BinaryData.FromString("via the root"));
        Assert.Equal(1, await queue.GetApproximateCountAsync());
    }

    [Fact]
    public async Task AddBatchInference_ServiceBusNamespaceConfigured_RegistersItsClientsBesideStorage()
    {
        await using var provider = new ServiceCollection()
            .AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance)
            .AddBatchInference(Settings(("Storage", azurite.ConnectionString), ("ServiceBus:fullyQualifiedNamespace", "bi-test.servicebus.windows.net")))
            .BuildServiceProvider();

        Assert.Equal("bi-test.servicebus.windows.net", provider.GetRequiredService<ServiceBusClient>().FullyQualifiedNamespace);
        Assert.NotNull(provider.GetRequiredService<ServiceBusAdministrationClient>());
        Assert.NotNull(provider.GetRequiredService<StorageClients>());
    }

    [Fact]
    public void AddBatchInference_NoServiceBusSettings_RegistersNoServiceBusClient()
    {
        using var provider = new ServiceCollection()
            .AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance)
            .AddBatchInference(Settings(("Storage", azurite.ConnectionString)))
            .BuildServiceProvider();

        Assert.Null(provider.GetService<ServiceBusClient>());
    }

    private static IConfiguration Settings(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create<string, string?>(v.Key, v.Value))).Build();
}
