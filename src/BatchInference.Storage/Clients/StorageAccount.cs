using Azure.Core;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace BatchInference.Storage.Clients;

/// <summary>
/// Where the storage account is and how to sign in to it: a connection string the SDK reads itself (account key, SAS,
/// <c>UseDevelopmentStorage=true</c>, Azurite's explicit form), or service endpoints with an Entra ID credential (a
/// connection string that names endpoints and no key, or identity-based settings). <see cref="ToString"/> never shows
/// a key or signature.
/// </summary>
public sealed class StorageAccount
{
    /// <summary>The account name of Azurite / the storage emulator (<c>UseDevelopmentStorage=true</c>).</summary>
    public const string DevelopmentAccountName = "devstoreaccount1";

    /// <summary>The well-known, public account key of the Azurite / storage emulator account.</summary>
    public const string DevelopmentAccountKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private StorageAccount(string? connectionString, Uri blobEndpoint, Uri? queueEndpoint, TokenCredential? credential)
    {
        ConnectionString = connectionString;
        BlobEndpoint = blobEndpoint;
        QueueEndpoint = queueEndpoint;
        Credential = credential;
    }

    /// <summary>The connection string that signs requests itself (key or SAS), or null when <see cref="Credential"/> does.</summary>
    public string? ConnectionString { get; }

    /// <summary>The Blob service endpoint.</summary>
    public Uri BlobEndpoint { get; }

    /// <summary>The Queue service endpoint, when the settings give or imply one.</summary>
    public Uri? QueueEndpoint { get; }

    /// <summary>The Entra ID credential used when the settings carry no key or SAS; null otherwise.</summary>
    public TokenCredential? Credential { get; }

    /// <summary>Reads a connection string. With an account key, a SAS or <c>UseDevelopmentStorage=true</c> the SDK
    /// signs with it; with endpoints only, requests sign in with <paramref name="credential"/> (by default
    /// <see cref="DefaultAzureCredential"/>: a managed identity on Azure, where shared keys are off).</summary>
    /// <param name="connectionString">The connection string.</param>
    /// <param name="credential">The Entra ID credential for an endpoints-only string; null for <see cref="DefaultAzureCredential"/>.</param>
    /// <returns>The account.</returns>
    /// <exception cref="FormatException">The string is not a storage connection string (the message never repeats it).</exception>
    public static StorageAccount FromConnectionString(string connectionString, TokenCredential? credential = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        BlobServiceClient blobs;
        try
        {
            blobs = new BlobServiceClient(connectionString, StorageClientOptions.ForBlobs());
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidOperationException)
        {
            // The SDK's message may quote the string, and with it the key: say only what is wrong.
            throw new FormatException("Invalid storage connection string: it has no usable account name, key or endpoint.", ex is FormatException ? null : ex);
        }

        var queues = QueueEndpointOf(connectionString) is { } queue ? WithSlash(queue) : null;
        return SignsItself(connectionString)
            ? new StorageAccount(connectionString, WithSlash(blobs.Uri), queues, null)
            : new StorageAccount(null, WithSlash(blobs.Uri), queues, credential ?? new DefaultAzureCredential());
    }

    /// <summary>Service endpoints signed in with an Entra ID credential (identity-based connection).</summary>
    /// <param name="blobEndpoint">e.g. <c>https://acct.blob.core.windows.net/</c>.</param>
    /// <param name="queueEndpoint">e.g. <c>https://acct.queue.core.windows.net/</c>, or null when no queue is used.</param>
    /// <param name="credential">The credential, e.g. a managed identity's.</param>
    /// <returns>The account.</returns>
    public static StorageAccount FromEndpoints(Uri blobEndpoint, Uri? queueEndpoint, TokenCredential credential)
    {
        ArgumentNullException.ThrowIfNull(blobEndpoint);
        ArgumentNullException.ThrowIfNull(credential);
        return new StorageAccount(null, blobEndpoint, queueEndpoint, credential);
    }

    /// <summary>A Blob service client for this account.</summary>
    /// <param name="options">Client options; <see cref="StorageClientOptions.ForBlobs"/> when null.</param>
    /// <returns>The client.</returns>
    public BlobServiceClient CreateBlobServiceClient(BlobClientOptions? options = null)
    {
        options ??= StorageClientOptions.ForBlobs();
        return ConnectionString is not null
            ? new BlobServiceClient(ConnectionString, options)
            : new BlobServiceClient(BlobEndpoint, Credential, options);
    }

    /// <summary>A Queue service client for this account.</summary>
    /// <param name="options">Client options; <see cref="StorageClientOptions.ForQueues"/> when null.</param>
    /// <returns>The client.</returns>
    /// <exception cref="InvalidOperationException">The settings name no queue endpoint.</exception>
    public QueueServiceClient CreateQueueServiceClient(QueueClientOptions? options = null)
    {
        options ??= StorageClientOptions.ForQueues();
        if (QueueEndpoint is null)
        {
            throw new InvalidOperationException("The storage settings name no queue endpoint (QueueEndpoint=… or queueServiceUri).");
        }

        return ConnectionString is not null
            ? new QueueServiceClient(ConnectionString, options)
            : new QueueServiceClient(QueueEndpoint, Credential, options);
    }

    /// <summary>The endpoints and how requests are signed, never the secret.</summary>
    /// <returns>e.g. <c>blob http://127.0.0.1:10000/devstoreaccount1, queue …, signed by the connection string</c>.</returns>
    public override string ToString() =>
        $"blob {BlobEndpoint}, queue {QueueEndpoint?.ToString() ?? "(none)"}, signed by {(ConnectionString is null ? "Entra ID" : "the connection string")}";

    /// <summary>True when the string carries its own credential (key, SAS, or the emulator's well-known key); the SDK
    /// reads everything else, this only decides whether Entra ID is needed.</summary>
    private static bool SignsItself(string connectionString) =>
        connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(part => part.Split('=', 2)[0].Trim())
            .Any(name => name.Equals("AccountKey", StringComparison.OrdinalIgnoreCase)
                || name.Equals("SharedAccessSignature", StringComparison.OrdinalIgnoreCase)
                || name.Equals("UseDevelopmentStorage", StringComparison.OrdinalIgnoreCase));

    // Endpoints end with '/' as they always did here, so messages and blob URLs relative to them read the same.
    private static Uri WithSlash(Uri uri) => uri.AbsolutePath.EndsWith('/') ? uri : new Uri(uri.GetLeftPart(UriPartial.Path) + "/");

    private static Uri? QueueEndpointOf(string connectionString)
    {
        try
        {
            return new QueueServiceClient(connectionString, StorageClientOptions.ForQueues()).Uri;
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidOperationException or NullReferenceException)
        {
            // A blob-only string (BlobEndpoint=… without QueueEndpoint or AccountName) has no queue endpoint.
            return null;
        }
    }
}
