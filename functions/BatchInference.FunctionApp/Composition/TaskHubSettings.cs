using Azure.Identity;
using BatchInference.Durable.Hosting;
using BatchInference.Storage.Clients;
using Microsoft.Extensions.Configuration;

namespace BatchInference.FunctionApp.Composition;

/// <summary>
/// The task hub the Durable extension runs, as app settings name it: <c>TaskHubName</c> (host.json's
/// <c>durableTask.hubName</c> is <c>%TaskHubName%</c>) in the <c>AzureWebJobsStorage</c> account (a connection string,
/// or <c>AzureWebJobsStorage__blobServiceUri</c>/<c>__queueServiceUri</c> with the managed identity, as infra-bicep sets).
/// The app's own client of that hub (<see cref="JobEngines.ForBackgroundWork"/>) reads them, so it and the extension
/// share one hub.
/// </summary>
internal static class TaskHubSettings
{
    /// <summary>The app setting that names the task hub.</summary>
    public const string TaskHubNameSetting = "TaskHubName";

    /// <summary>The Functions host's storage connection, which host.json gives the Durable extension.</summary>
    public const string ConnectionName = "AzureWebJobsStorage";

    /// <summary>The hub's settings: its name from <c>TaskHubName</c>, everything else the defaults host.json mirrors.</summary>
    /// <exception cref="InvalidOperationException">The name is missing or invalid; the message names the setting.</exception>
    public static DurableTaskHubOptions Options(IConfiguration configuration)
    {
        var name = configuration[TaskHubNameSetting];
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new InvalidOperationException($"{TaskHubNameSetting} is not set: it names the Durable task hub (host.json durableTask.hubName).");
        }

        var options = new DurableTaskHubOptions { TaskHubName = name };
        options.Validate();
        return options;
    }

    /// <summary>The account of <c>AzureWebJobsStorage</c>.</summary>
    /// <exception cref="InvalidOperationException">Neither form is set, or a value is malformed.</exception>
    public static StorageAccount Account(IConfiguration configuration)
    {
        var section = configuration.GetSection(ConnectionName);
        if (section["blobServiceUri"] is { Length: > 0 } blob)
        {
            var queue = section["queueServiceUri"];
            var clientId = section["clientId"];
            var credential = string.IsNullOrWhiteSpace(clientId)
                ? new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned)
                : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId));
            return StorageAccount.FromEndpoints(
                new Uri(blob, UriKind.Absolute), string.IsNullOrWhiteSpace(queue) ? null : new Uri(queue, UriKind.Absolute), credential);
        }

        return configuration[ConnectionName] is { Length: > 0 } connectionString
            ? StorageAccount.FromConnectionString(connectionString)
            : throw new InvalidOperationException(
                $"{ConnectionName} is not set: a connection string, or {ConnectionName}__blobServiceUri and __queueServiceUri with the managed identity.");
    }
}
