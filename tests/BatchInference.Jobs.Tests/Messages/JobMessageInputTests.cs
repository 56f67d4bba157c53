using BatchInference.Jobs.Messages;

namespace BatchInference.Jobs.Tests.Messages;

public sealed class JobMessageInputTests
{
    private static readonly Uri AzureEndpoint = new("https://acct.blob.core.windows.net/");
    private static readonly Uri AzuriteEndpoint = new("http://127.0.0.1:10000/devstoreaccount1");

    [Fact]
    public void TryResolve_ContainerAndName_ResolvesAsGiven()
    {
        Assert.True(JobMessageInput.Blob("jobs", "incoming/a.jsonl").TryResolve(AzureEndpoint, out var container, out var name));
        Assert.Equal(("jobs", "incoming/a.jsonl"), (container, name));
    }

    [Fact]
    public void TryResolve_UrlInOurAccount_UnescapesTheName()
    {
        var input = JobMessageInput.FromUrl(new Uri("https://ACCT.blob.core.windows.net/jobs/incoming/my%20file.jsonl"));

        Assert.True(input.TryResolve(AzureEndpoint, out var container, out var name));
        Assert.Equal(("jobs", "incoming/my file.jsonl"), (container, name));
    }

    [Fact]
    public void TryResolve_PathStyleEndpoint_SkipsTheAccountSegment()
    {
        var input = JobMessageInput.FromUrl(new Uri("http://127.0.0.1:10000/devstoreaccount1/jobs/a.jsonl"));

        Assert.True(input.TryResolve(AzuriteEndpoint, out var container, out var name));
        Assert.Equal(("jobs", "a.jsonl"), (container, name));
    }

    [Theory]
    [InlineData("https://other.blob.core.windows.net/jobs/a.jsonl")]
    [InlineData("http://acct.blob.core.windows.net/jobs/a.jsonl")]
    [InlineData("https://acct.blob.core.windows.net:444/jobs/a.jsonl")]
    [InlineData("https://acct.blob.core.windows.net/jobs/")]
    [InlineData("https://acct.blob.core.windows.net/Bad_Container/a.jsonl")]
    public void TryResolve_UrlOutsideOurAccountOrIncomplete_Fails(string url)
    {
        Assert.False(JobMessageInput.FromUrl(new Uri(url)).TryResolve(AzureEndpoint, out _, out _));
    }

    [Fact]
    public void TryResolve_PathStyleEndpointOtherAccount_Fails()
    {
        var input = JobMessageInput.FromUrl(new Uri("http://127.0.0.1:10000/otheraccount/jobs/a.jsonl"));

        Assert.False(input.TryResolve(AzuriteEndpoint, out _, out _));
    }
}
