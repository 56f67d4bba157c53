using BatchInference.Functions.Events;

namespace BatchInference.Functions.Tests.Events;

public sealed class BlobLocationTests
{
    private static readonly Uri AzureEndpoint = new("https://acct.blob.core.windows.net/");
    private static readonly Uri AzuriteEndpoint = new("http://127.0.0.1:10000/devstoreaccount1");

    [Theory]
    [InlineData("https://acct.blob.core.windows.net/jobs/incoming/a.jsonl", "jobs", "incoming/a.jsonl")]
    [InlineData("https://acct.blob.core.windows.net/jobs/incoming/my%20file%231.jsonl", "jobs", "incoming/my file#1.jsonl")]
    [InlineData("http://127.0.0.1:10000/devstoreaccount1/jobs/incoming/a.jsonl", "jobs", "incoming/a.jsonl")]
    [InlineData("http://127.0.0.1:45123/otheraccount/jobs/incoming/a.jsonl", "jobs", "incoming/a.jsonl")]
    public void TryParse_BlobUrl_SplitsContainerAndName(string url, string container, string blob)
    {
        var endpoint = url.Contains("127.0.0.1", StringComparison.Ordinal) ? AzuriteEndpoint : AzureEndpoint;

        var location = BlobLocation.TryParse(new Uri(url), endpoint);

        Assert.Equal(new BlobLocation(container, blob), location);
    }

    [Theory]
    [InlineData("https://acct.blob.core.windows.net/jobs")]
    [InlineData("https://acct.blob.core.windows.net/jobs/")]
    [InlineData("http://127.0.0.1:10000/devstoreaccount1/jobs")]
    [InlineData("ftp://acct.blob.core.windows.net/jobs/a")]
    public void TryParse_UrlWithoutBlobName_ReturnsNull(string url)
    {
        Assert.Null(BlobLocation.TryParse(new Uri(url), url.Contains("127.0.0.1", StringComparison.Ordinal) ? AzuriteEndpoint : AzureEndpoint));
    }
}
