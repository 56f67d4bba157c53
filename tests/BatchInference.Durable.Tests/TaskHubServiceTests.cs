using BatchInference.Durable.Hosting;

namespace BatchInference.Durable.Tests;

public sealed class TaskHubServiceTests
{
    [Fact]
    public void WithoutTrailingSlashOnTableEndpoint_TrimsOnlyTheTableEndpoint()
    {
        const string ConnectionString =
            "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=a2V5;BlobEndpoint=http://127.0.0.1:1/devstoreaccount1/;TableEndpoint=http://127.0.0.1:3/devstoreaccount1/;";

        Assert.Equal(
            "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=a2V5;BlobEndpoint=http://127.0.0.1:1/devstoreaccount1/;TableEndpoint=http://127.0.0.1:3/devstoreaccount1;",
            TaskHubService.WithoutTrailingSlashOnTableEndpoint(ConnectionString));
        Assert.Equal("UseDevelopmentStorage=true", TaskHubService.WithoutTrailingSlashOnTableEndpoint("UseDevelopmentStorage=true"));
    }
}
