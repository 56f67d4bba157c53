using Azure.Identity;
using Microsoft.Extensions.Configuration;

namespace BatchInference.Storage.Clients;

/// <summary>
/// Reads the storage account from configuration, with the names the CLI and the Functions host both accept:
/// <list type="bullet">
/// <item><c>Storage:ConnectionString</c> (<c>Storage__ConnectionString</c>): the documented setting. Aliases, in this
/// order: <c>Storage</c> (the Functions connection name the queue triggers read) and <c>AzureWebJobsStorage</c>.</item>
/// <item>Or an identity-based connection: <c>Storage:blobServiceUri</c> and <c>Storage:queueServiceUri</c>, signed in
/// with <see cref="DefaultAzureCredential"/> (<c>Storage:clientId</c> picks a user-assigned managed identity).</item>
/// </list>
/// A connection string with endpoints and no key or SAS also signs in with <see cref="DefaultAzureCredential"/>.
/// </summary>
public static class StorageSettings
{
    /// <summary>The configuration section of the storage account.</summary>
    public const string SectionName = "Storage";

    /// <summary>The documented connection string setting.</summary>
    public const string ConnectionStringKey = "Storage:ConnectionString";

    /// <summary>Reads the account.</summary>
    /// <param name="configuration">The settings.</param>
    /// <returns>The account; nothing is called over the network.</returns>
    /// <exception cref="InvalidOperationException">No usable setting, or an invalid one; the message names it and never
    /// repeats a key.</exception>
    public static StorageAccount Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var clientId = configuration["Storage:clientId"];
        var blobUri = configuration["Storage:blobServiceUri"];
        if (!string.IsNullOrWhiteSpace(blobUri))
        {
            var queueUri = configuration["Storage:queueServiceUri"];
            return StorageAccount.FromEndpoints(
                Absolute(blobUri, "Storage__blobServiceUri"),
                string.IsNullOrWhiteSpace(queueUri) ? null : Absolute(queueUri, "Storage__queueServiceUri"),
                Credential(clientId));
        }

        var (setting, text) = First(configuration, ConnectionStringKey, SectionName, "AzureWebJobsStorage");
        if (text is null)
        {
            throw new InvalidOperationException(
                "No storage account is configured: set Storage__ConnectionString (a connection string, e.g. UseDevelopmentStorage=true) or Storage__blobServiceUri and Storage__queueServiceUri.");
        }

        try
        {
            return StorageAccount.FromConnectionString(text, string.IsNullOrWhiteSpace(clientId) ? null : Credential(clientId));
        }
        catch (FormatException ex)
        {
            // The message never repeats the string.
            throw new InvalidOperationException($"{setting} is invalid: {ex.Message}", ex);
        }
    }

    /// <summary>True when any storage setting is present (a host may then fill in its own default).</summary>
    /// <param name="configuration">The settings.</param>
    /// <returns>Whether <see cref="Read"/> has something to read.</returns>
    public static bool IsConfigured(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return !string.IsNullOrWhiteSpace(configuration["Storage:blobServiceUri"])
            || First(configuration, ConnectionStringKey, SectionName, "AzureWebJobsStorage").Value is not null;
    }

    private static DefaultAzureCredential Credential(string? clientId) =>
        string.IsNullOrWhiteSpace(clientId)
            ? new DefaultAzureCredential()
            : new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = clientId });

    private static (string Setting, string? Value) First(IConfiguration configuration, params string[] keys)
    {
        foreach (var key in keys)
        {
            if (configuration[key] is { } value && !string.IsNullOrWhiteSpace(value))
            {
                return (key, value);
            }
        }

        return (keys[0], null);
    }

    private static Uri Absolute(string value, string setting) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) ? uri : throw new InvalidOperationException($"{setting} is not an absolute URI.");
}
