using Azure.Data.Tables;
using Azure.Storage.Queues;
using BatchInference.Storage.Clients;
using BatchInference.Testing;

namespace BatchInference.FunctionApp.Tests.Infrastructure;

/// <summary>Reads a task hub's storage on Azurite directly, with the storage SDKs, as the Durable extension in Azure would
/// find it: the Instances table and the hub's queues.</summary>
internal static class TaskHubStorage
{
    /// <summary>The instance's row of <c>&lt;hub&gt;Instances</c> (partition key = instance id, empty row key).</summary>
    public static async Task<TableEntity> InstanceRowAsync(AzuriteFixture azurite, string hub, string instanceId) =>
        (await Table(azurite, hub + "Instances").GetEntityAsync<TableEntity>(instanceId, string.Empty)).Value;

    /// <summary>The names of the account's queues that start with <paramref name="prefix"/>.</summary>
    public static async Task<List<string>> QueuesAsync(AzuriteFixture azurite, string prefix)
    {
        var names = new List<string>();
        var service = new QueueServiceClient(azurite.ConnectionString, new QueueClientOptions(StorageClientOptions.QueueServiceVersion));
        await foreach (var queue in service.GetQueuesAsync(prefix: prefix))
        {
            names.Add(queue.Name);
        }

        return names;
    }

    // Azurite's explicit connection string ends TableEndpoint with a slash the Table SDK would double (docs/durable.md).
    private static TableClient Table(AzuriteFixture azurite, string name)
    {
        var endpoint = azurite.ConnectionString.Split(';')
            .Select(part => part.Trim())
            .Single(part => part.StartsWith("TableEndpoint=", StringComparison.OrdinalIgnoreCase))["TableEndpoint=".Length..].TrimEnd('/');
        return new TableClient(new Uri(endpoint), name, new TableSharedKeyCredential(StorageAccount.DevelopmentAccountName, StorageAccount.DevelopmentAccountKey));
    }
}
