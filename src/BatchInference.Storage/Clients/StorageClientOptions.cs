using Azure.Core;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace BatchInference.Storage.Clients;

/// <summary>
/// The one place the Blob and Queue SDK clients' options are made, whoever builds the clients (the composition root,
/// tests, benchmarks), so the service version, retries and message encoding agree everywhere.
/// </summary>
/// <remarks>
/// <para><b>Service version.</b> The SDKs default to the newest REST version (2026-10-06), which Azurite 3.37 refuses
/// ("The API version 2026-10-06 is not supported by Azurite"). Both clients are pinned to
/// <see cref="BlobClientOptions.ServiceVersion.V2026_06_06"/>, the newest version Azurite 3.37 accepts and one Azure
/// Storage serves, so a user's own Azurite (<c>UseDevelopmentStorage=true</c>) works without
/// <c>--skipApiVersionCheck</c>. Raise it together with the Azurite in package.json.</para>
/// <para><b>Retries.</b> Azure.Core's retry policy is the only retry layer for storage, as the hand-written REST
/// pipeline had it: exponential back-off that honours Retry-After, 5 retries from 0.5 s up to 30 s, each attempt bounded
/// by Azure.Core's 100 s network timeout. Callers that must fail fast (the Functions readiness check) pass
/// <c>retry</c> to turn retries off and shorten the timeout.</para>
/// <para><b>Message encoding.</b> Queue messages travel Base64-encoded (what the Functions queue trigger and the other
/// SDKs expect), but the queue client is built with <see cref="QueueMessageEncoding.None"/> and the adapter
/// (<see cref="Queues.StorageQueueClient"/>) encodes and decodes the Base64 itself: with the SDK's Base64 encoding, a
/// plain-JSON message put by the portal or another tool fails to decode and the SDK drops it from the receive, where
/// the adapter passes it on as its UTF-8 text.</para>
/// </remarks>
public static class StorageClientOptions
{
    /// <summary>The Blob REST version every client uses (see the remarks).</summary>
    public const BlobClientOptions.ServiceVersion BlobServiceVersion = BlobClientOptions.ServiceVersion.V2026_06_06;

    /// <summary>The Queue REST version every client uses (see the remarks).</summary>
    public const QueueClientOptions.ServiceVersion QueueServiceVersion = QueueClientOptions.ServiceVersion.V2026_06_06;

    /// <summary>Options for a Blob service client: pinned version, the project's retries.</summary>
    /// <param name="retry">Adjusts the retries after the defaults are set (tests, fail-fast checks); null keeps them.</param>
    /// <returns>New options.</returns>
    public static BlobClientOptions ForBlobs(Action<RetryOptions>? retry = null)
    {
        var options = new BlobClientOptions(BlobServiceVersion);
        ApplyRetry(options.Retry, retry);
        return options;
    }

    /// <summary>Options for a Queue service client: pinned version, the project's retries, no SDK message encoding.</summary>
    /// <param name="retry">Adjusts the retries after the defaults are set (tests, fail-fast checks); null keeps them.</param>
    /// <returns>New options.</returns>
    public static QueueClientOptions ForQueues(Action<RetryOptions>? retry = null)
    {
        var options = new QueueClientOptions(QueueServiceVersion);
        Apply(options, retry);
        return options;
    }

    /// <summary>Applies the project's retries and encoding to options someone else created (the client factory of
    /// <c>AddAzureClients</c>, which creates them with <see cref="QueueServiceVersion"/>).</summary>
    /// <param name="options">The options to change.</param>
    /// <param name="retry">Adjusts the retries after the defaults are set; null keeps them.</param>
    public static void Apply(QueueClientOptions options, Action<RetryOptions>? retry = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.MessageEncoding = QueueMessageEncoding.None;
        ApplyRetry(options.Retry, retry);
    }

    /// <summary>Applies the project's retries to options someone else created.</summary>
    /// <param name="options">The options to change.</param>
    /// <param name="retry">Adjusts the retries after the defaults are set; null keeps them.</param>
    public static void Apply(BlobClientOptions options, Action<RetryOptions>? retry = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ApplyRetry(options.Retry, retry);
    }

    /// <summary>No retries and <paramref name="attemptTimeout"/> per request: for checks whose caller retries.</summary>
    /// <param name="attemptTimeout">The network timeout of the single attempt.</param>
    /// <returns>The adjustment to pass as <c>retry</c>.</returns>
    public static Action<RetryOptions> FailFast(TimeSpan attemptTimeout) => retry =>
    {
        retry.MaxRetries = 0;
        retry.NetworkTimeout = attemptTimeout;
    };

    private static void ApplyRetry(RetryOptions options, Action<RetryOptions>? retry)
    {
        options.Mode = RetryMode.Exponential;
        options.MaxRetries = 5;
        options.Delay = TimeSpan.FromMilliseconds(500);
        options.MaxDelay = TimeSpan.FromSeconds(30);
        retry?.Invoke(options);
    }
}
