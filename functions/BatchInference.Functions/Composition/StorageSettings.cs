using Azure.Core;
using Azure.Identity;
using BatchInference.Storage.Blobs;
using BatchInference.Storage.Connection;
using BatchInference.Storage.Queues;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace BatchInference.Functions.Composition;

/// <summary>
/// The storage account, read the way the Functions host reads the <c>Storage</c> connection of the queue triggers: a
/// connection string in <c>Storage</c> (or <c>Storage:ConnectionString</c>, as the CLI reads it, or
/// <c>AzureWebJobsStorage</c>), or an identity-based connection (<c>Storage__blobServiceUri</c> and
/// <c>Storage__queueServiceUri</c>, signed in with the managed identity).
/// </summary>
internal sealed class StorageSettings
{
    private readonly StorageConnectionString? _connection;
    private readonly Uri? _queueEndpoint;
    private readonly TokenCredential? _credential;

    private StorageSettings(StorageConnectionString? connection, Uri blobEndpoint, Uri? queueEndpoint, TokenCredential? credential)
    {
        _connection = connection;
        BlobEndpoint = blobEndpoint;
        _queueEndpoint = queueEndpoint;
        _credential = credential;
    }

    public Uri BlobEndpoint { get; }

    /// <exception cref="InvalidOperationException">No usable setting; the message names what to set (never a key).</exception>
    public static StorageSettings From(IConfiguration configuration)
    {
        var blobUri = configuration["Storage:blobServiceUri"];
        var queueUri = configuration["Storage:queueServiceUri"];
        if (!string.IsNullOrWhiteSpace(blobUri) && !string.IsNullOrWhiteSpace(queueUri))
        {
            var credential = configuration["Storage:clientId"] is { Length: > 0 } clientId
                ? new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = clientId })
                : new DefaultAzureCredential();
            return new StorageSettings(null, Absolute(blobUri, "Storage__blobServiceUri"), Absolute(queueUri, "Storage__queueServiceUri"), credential);
        }

        var text = First(configuration["Storage"], configuration["Storage:ConnectionString"], configuration["AzureWebJobsStorage"])
            ?? throw new InvalidOperationException(
                "No storage account is configured: set Storage (a connection string) or Storage__blobServiceUri and Storage__queueServiceUri.");
        StorageConnectionString connection;
        try
        {
            connection = StorageConnectionString.Parse(text);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException)
        {
            // The parser's message never repeats the key.
            throw new InvalidOperationException("The Storage connection string is invalid: " + ex.Message, ex);
        }

        var signed = connection.HasAccountKey || connection.HasSharedAccessSignature;
        return new StorageSettings(connection, connection.BlobEndpoint, connection.QueueEndpoint, signed ? null : new DefaultAzureCredential());
    }

    /// <summary>The account's queue endpoint, when the settings name one.</summary>
    public Uri? QueueEndpoint => _queueEndpoint;

    /// <param name="loggers">Log sink.</param>
    /// <param name="options">Retry and timeout settings; the client's defaults when null.</param>
    public AzureBlobStore CreateBlobStore(ILoggerFactory loggers, BlobStoreOptions? options = null) =>
        _credential is null && _connection is not null
            ? new AzureBlobStore(_connection, options, loggers.CreateLogger<AzureBlobStore>())
            : new AzureBlobStore(BlobEndpoint, _credential!, options, loggers.CreateLogger<AzureBlobStore>());

    /// <param name="name">The queue.</param>
    /// <param name="loggers">Log sink.</param>
    /// <param name="options">Retry and timeout settings; the client's defaults when null.</param>
    public StorageQueueClient CreateQueue(string name, ILoggerFactory loggers, StorageQueueOptions? options = null)
    {
        if (_credential is null && _connection is not null)
        {
            return new StorageQueueClient(_connection, name, options, loggers.CreateLogger<StorageQueueClient>());
        }

        var endpoint = _queueEndpoint ?? throw new InvalidOperationException("The Storage setting names no queue endpoint.");
        return new StorageQueueClient(endpoint, name, _credential!, options, loggers.CreateLogger<StorageQueueClient>());
    }

    private static string? First(params string?[] values) => values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));

    private static Uri Absolute(string value, string setting) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) ? uri : throw new InvalidOperationException($"{setting} is not an absolute URI.");
}
