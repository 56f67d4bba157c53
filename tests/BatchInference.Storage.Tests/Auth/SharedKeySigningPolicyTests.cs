using Azure.Core;
using Azure.Core.Pipeline;
using BatchInference.Storage.Auth;
using BatchInference.Storage.Blobs;
using BatchInference.Storage.Connection;
using BatchInference.Testing;
using Microsoft.Extensions.Time.Testing;

namespace BatchInference.Storage.Tests.Auth;

[Collection(AzuriteFixture.CollectionName)]
public sealed class SharedKeySigningPolicyTests(AzuriteFixture azurite)
{
    private static readonly byte[] DevKey = Convert.FromBase64String(StorageConnectionString.DevelopmentAccountKey);
    private static readonly DateTimeOffset June26 = new(2015, 6, 26, 23, 39, 12, TimeSpan.Zero);

    [Fact]
    public void Sign_HandDerivedStringToSign_MatchesOpenSslHmac()
    {
        // Expected value computed outside .NET:
        //   printf '%s' "$sts" | openssl dgst -sha256 -mac HMAC -macopt hexkey:<dev key as hex> -binary | base64
        const string StringToSign =
            "PUT\n\n\n\n\n\n\n\n\"0x8D2C9A5C4E1B7F0\"\n\n\n\n"
            + "x-ms-date:Fri, 26 Jun 2015 23:39:12 GMT\nx-ms-meta-owner:alice\nx-ms-version:2015-02-21\n"
            + "/devstoreaccount1/devstoreaccount1/my-container/dir/a%20b.txt\ncomp:metadata\ntimeout:20";

        Assert.Equal("VaWvln2FcvouSZEnliC7kv3tmUlRrrtBIjYtiCIPgRs=", SharedKeySigningPolicy.Sign(DevKey, StringToSign));
    }

    [Fact]
    public void OnSendingRequest_ListRequest_SetsDateAndOpenSslVerifiedAuthorization()
    {
        using var message = CreatePipeline().CreateMessage();
        message.Request.Method = RequestMethod.Get;
        message.Request.Uri.Reset(new Uri("https://myaccount.blob.core.windows.net/mycontainer"));
        message.Request.Uri.AppendQuery("restype", "container");
        message.Request.Uri.AppendQuery("comp", "list");
        message.Request.Uri.AppendQuery("include", "metadata");
        message.Request.Uri.AppendQuery("include", "snapshots");
        message.Request.Uri.AppendQuery("prefix", "a b/#?");
        message.Request.Headers.SetValue("x-ms-version", "2015-02-21");
        var policy = new SharedKeySigningPolicy("myaccount", DevKey, new FakeTimeProvider(June26));

        policy.OnSendingRequest(message);

        Assert.True(message.Request.Headers.TryGetValue("x-ms-date", out var date));
        Assert.Equal("Fri, 26 Jun 2015 23:39:12 GMT", date);
        Assert.True(message.Request.Headers.TryGetValue("Authorization", out var authorization));
        // openssl over "GET\n(11 empty lines)\nx-ms-date:...\nx-ms-version:2015-02-21\n/myaccount/mycontainer\n
        // comp:list\ninclude:metadata,snapshots\nprefix:a b/#?\nrestype:container".
        Assert.Equal("SharedKey myaccount:bh4D0NWzztsrs5puid5tnvGvnwHZo5+xLVuzMgMqXfk=", authorization);
    }

    [Fact]
    public void OnSendingRequest_BodyOfElevenBytes_SignsContentLengthFromContent()
    {
        using var message = CreatePipeline().CreateMessage();
        message.Request.Method = RequestMethod.Put;
        message.Request.Uri.Reset(new Uri("https://myaccount.blob.core.windows.net/mycontainer/hello.txt"));
        message.Request.Headers.SetValue("Content-Type", "text/plain");
        message.Request.Headers.SetValue("If-None-Match", "*");
        message.Request.Headers.SetValue("x-ms-blob-type", "BlockBlob");
        message.Request.Headers.SetValue("x-ms-version", "2015-02-21");
        message.Request.Content = RequestContent.Create("hello world"u8.ToArray());
        var policy = new SharedKeySigningPolicy("myaccount", DevKey, new FakeTimeProvider(June26));

        policy.OnSendingRequest(message);

        Assert.True(message.Request.Headers.TryGetValue("Authorization", out var authorization));
        Assert.Equal("SharedKey myaccount:BjRk/CT0yC/NjBjfjCA280ShC4F8wWUmje1BA+fPHaE=", authorization);
    }

    [Fact]
    public async Task Azurite_RequestSignedWithWrongKey_IsRejectedWith403AuthenticationFailed()
    {
        var wrongKey = Convert.ToBase64String(new byte[64]);
        var connection = StorageConnectionString.Parse($"AccountName=devstoreaccount1;AccountKey={wrongKey};BlobEndpoint={azurite.Instance.BlobEndpoint}");
        var store = new AzureBlobStore(connection, new BlobStoreOptions { Retry = { MaxRetries = 0 } });

        var error = await Assert.ThrowsAsync<BlobStorageException>(() => store.CreateContainerIfNotExistsAsync(azurite.NewContainerName()));

        Assert.Equal(403, error.Status);
        // Azure answers AuthenticationFailed; Azurite 3.37 answers AuthorizationFailure for a bad signature.
        Assert.Contains(error.ErrorCode, new[] { BlobErrorCodes.AuthenticationFailed, "AuthorizationFailure" });
        Assert.DoesNotContain(wrongKey, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Azurite_RequestSignedWithRightKey_IsAccepted()
    {
        var store = azurite.CreateBlobStore();

        Assert.True(await store.CreateContainerIfNotExistsAsync(azurite.NewContainerName()));
    }

    private static HttpPipeline CreatePipeline() => HttpPipelineBuilder.Build(new BlobStoreOptions());
}
