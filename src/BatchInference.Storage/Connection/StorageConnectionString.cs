namespace BatchInference.Storage.Connection;

/// <summary>
/// A parsed Azure Storage connection string: the service endpoints and the credential it carries
/// (an account key or a shared access signature). <see cref="ToString"/> never reveals the secret.
/// </summary>
public sealed class StorageConnectionString
{
    /// <summary>The account name of the Azurite / storage emulator (<c>UseDevelopmentStorage=true</c>).</summary>
    public const string DevelopmentAccountName = "devstoreaccount1";

    /// <summary>The well-known, public account key of the Azurite / storage emulator account.</summary>
    public const string DevelopmentAccountKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    internal StorageConnectionString(
        string accountName,
        Uri blobEndpoint,
        Uri? queueEndpoint,
        Uri? tableEndpoint,
        byte[]? accountKey,
        string? sharedAccessSignature)
    {
        AccountName = accountName;
        BlobEndpoint = blobEndpoint;
        QueueEndpoint = queueEndpoint;
        TableEndpoint = tableEndpoint;
        AccountKey = accountKey;
        SharedAccessSignature = sharedAccessSignature;
    }

    /// <summary>The storage account name (taken from the endpoint when the string does not name it).</summary>
    public string AccountName { get; }

    /// <summary>The Blob service endpoint, e.g. <c>https://acct.blob.core.windows.net/</c> or
    /// <c>http://127.0.0.1:10000/devstoreaccount1/</c> (always ends with a slash).</summary>
    public Uri BlobEndpoint { get; }

    /// <summary>The Queue service endpoint, when the string gives or implies one.</summary>
    public Uri? QueueEndpoint { get; }

    /// <summary>The Table service endpoint, when the string gives or implies one.</summary>
    public Uri? TableEndpoint { get; }

    /// <summary>True when the string carries an account key (requests are signed with Shared Key).</summary>
    public bool HasAccountKey => AccountKey is not null;

    /// <summary>True when the string carries a shared access signature instead of a key.</summary>
    public bool HasSharedAccessSignature => SharedAccessSignature is not null;

    /// <summary>The decoded account key; internal so it cannot leak through the public surface.</summary>
    internal byte[]? AccountKey { get; }

    /// <summary>The SAS query string without the leading '?'.</summary>
    internal string? SharedAccessSignature { get; }

    /// <summary>Parses a connection string; throws <see cref="FormatException"/> naming the missing or bad part
    /// (never echoing the key or signature).</summary>
    /// <param name="connectionString">The connection string.</param>
    /// <returns>The parsed connection string.</returns>
    public static StorageConnectionString Parse(string connectionString) =>
        StorageConnectionStringParser.Parse(connectionString);

    /// <summary>A description naming the account and endpoint, with the credential redacted.</summary>
    /// <returns>e.g. <c>AccountName=acct;BlobEndpoint=https://acct.blob.core.windows.net/;AccountKey=***</c>.</returns>
    public override string ToString()
    {
        var credential = HasAccountKey ? ";AccountKey=***" : HasSharedAccessSignature ? ";SharedAccessSignature=***" : string.Empty;
        return $"AccountName={AccountName};BlobEndpoint={BlobEndpoint}{credential}";
    }
}
