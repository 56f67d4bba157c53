using Azure.Core;
using Azure.Core.Pipeline;
using BatchInference.Storage.Auth;
using BatchInference.Storage.Blobs;
using BatchInference.Storage.Connection;

namespace BatchInference.Storage.Tests.Auth;

public sealed class StorageHttpPipelineTests
{
    [Fact]
    public async Task Create_TokenCredential_SendsBearerTokenForStorageScope()
    {
        var credential = new RecordingCredential("token-123");
        var transport = new CapturingTransport();
        var options = new BlobStoreOptions { Transport = transport, Retry = { MaxRetries = 0 } };
        var store = new AzureBlobStore(new Uri("https://acct.blob.core.windows.net"), credential, options);

        await Assert.ThrowsAsync<CapturedException>(() => store.GetPropertiesAsync("jobs", "incoming/a.jsonl"));

        Assert.Equal([StorageHttpPipeline.StorageScope], credential.Scopes);
        var request = Assert.Single(transport.Requests);
        Assert.Equal("Bearer token-123", request.Authorization);
        Assert.Equal("https://acct.blob.core.windows.net/jobs/incoming/a.jsonl", request.Uri);
        Assert.Equal(StorageVersionPolicy.ApiVersion, request.Version);
    }

    [Fact]
    public async Task Create_SasConnectionString_AppendsSignatureOnceAndSendsNoAuthorization()
    {
        var connection = StorageConnectionString.Parse(
            "BlobEndpoint=https://acct.blob.core.windows.net;SharedAccessSignature=sv=2023-11-03&ss=b&sig=abc%2Bdef%3D");
        var transport = new CapturingTransport();
        var options = new BlobStoreOptions { Transport = transport, Retry = { MaxRetries = 0 } };
        var store = new AzureBlobStore(connection, options);

        await Assert.ThrowsAsync<CapturedException>(() => store.GetPropertiesAsync("jobs", "a b.txt"));

        var request = Assert.Single(transport.Requests);
        Assert.Null(request.Authorization);
        Assert.Equal("https://acct.blob.core.windows.net/jobs/a%20b.txt?sv=2023-11-03&ss=b&sig=abc%2Bdef%3D", request.Uri);
    }

    private sealed record CapturedRequest(string Uri, string? Authorization, string? Version);

    private sealed class CapturedException : Exception;

    /// <summary>Records what would go on the wire and stops there: the real endpoint is Azure itself.</summary>
    private sealed class CapturingTransport : HttpPipelineTransport
    {
        public List<CapturedRequest> Requests { get; } = [];

        public override Request CreateRequest() => HttpClientTransport.Shared.CreateRequest();

        public override void Process(HttpMessage message) => throw Capture(message);

        public override ValueTask ProcessAsync(HttpMessage message) => throw Capture(message);

        private CapturedException Capture(HttpMessage message)
        {
            message.Request.Headers.TryGetValue("Authorization", out var authorization);
            message.Request.Headers.TryGetValue("x-ms-version", out var version);
            Requests.Add(new CapturedRequest(message.Request.Uri.ToString(), authorization, version));
            return new CapturedException();
        }
    }

    private sealed class RecordingCredential(string token) : TokenCredential
    {
        public List<string> Scopes { get; } = [];

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            Scopes.AddRange(requestContext.Scopes);
            return new AccessToken(token, DateTimeOffset.MaxValue);
        }

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }
}
