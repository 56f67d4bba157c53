using Azure.Core;
using Azure.Core.Pipeline;
using BatchInference.Storage.Connection;

namespace BatchInference.Storage.Auth;

/// <summary>
/// Builds Azure.Core pipelines that authenticate to Azure Storage (Blob or Queue service): Shared Key signing or a
/// SAS from a connection string, or Entra ID tokens from a <see cref="TokenCredential"/>. Retries, transport and
/// diagnostics come from the given <see cref="ClientOptions"/>.
/// </summary>
public static class StorageHttpPipeline
{
    /// <summary>The Entra ID scope for Azure Storage data-plane access.</summary>
    public const string StorageScope = "https://storage.azure.com/.default";

    /// <summary>A pipeline that signs with the connection string's account key, or appends its SAS.</summary>
    /// <param name="connection">The parsed connection string.</param>
    /// <param name="options">Retry, transport and diagnostics options.</param>
    /// <param name="timeProvider">Clock for the <c>x-ms-date</c> header; <see cref="TimeProvider.System"/> when null.</param>
    /// <returns>The pipeline.</returns>
    public static HttpPipeline Create(StorageConnectionString connection, ClientOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(options);
        if (connection.AccountKey is { } key)
        {
            return HttpPipelineBuilder.Build(
                options,
                [new StorageVersionPolicy()],
                [new SharedKeySigningPolicy(connection.AccountName, key, timeProvider ?? TimeProvider.System)],
                new ResponseClassifier());
        }

        return HttpPipelineBuilder.Build(
            options,
            [new StorageVersionPolicy(), new SasQueryPolicy(connection.SharedAccessSignature!)],
            [],
            new ResponseClassifier());
    }

    /// <summary>A pipeline that authorizes with Entra ID bearer tokens (scope <see cref="StorageScope"/>); HTTPS only.</summary>
    /// <param name="credential">e.g. a managed identity or <c>DefaultAzureCredential</c>.</param>
    /// <param name="options">Retry, transport and diagnostics options.</param>
    /// <returns>The pipeline.</returns>
    public static HttpPipeline Create(TokenCredential credential, ClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(credential);
        ArgumentNullException.ThrowIfNull(options);
        return HttpPipelineBuilder.Build(
            options,
            [new StorageVersionPolicy()],
            [new BearerTokenAuthenticationPolicy(credential, StorageScope)],
            new ResponseClassifier());
    }
}
