using BatchInference.FunctionApp.Functions;
using BatchInference.FunctionApp.Tests.Infrastructure;
using BatchInference.Orchestrations.Jobs;
using BatchInference.Orchestrations.Layout;
using BatchInference.Orchestrations.State;
using BatchInference.Testing;

namespace BatchInference.FunctionApp.Tests.Functions;

/// <summary>The blob drop function, handed the created blob's client as the blobs extension binds it.</summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class JobDroppedFunctionTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Run_DroppedInput_SubmitsItOnceUnderTheBlobsVersionId()
    {
        await using var app = await AppHarness.StartAsync(azurite);
        var name = $"incoming/{Guid.NewGuid():N}.jsonl";
        await app.UploadJobAsync(name);
        var blob = app.BlobClient(name);
        var function = app.Create<JobDroppedFunction>();

        var jobId = await function.RunAsync(blob, app.Durable, default);
        var redelivered = await function.RunAsync(blob, app.Durable, default);

        var etag = (await blob.GetPropertiesAsync()).Value.ETag.ToString().Trim('"');
        Assert.Equal(JobId.ForBlob(StorageLayout.JobsContainer, name, etag), jobId);
        Assert.Equal(jobId, redelivered);
        Assert.Equal(JobStatus.Pending, (await app.Engines.ForBackgroundWork().GetJobAsync(jobId!))!.Status);
        Assert.Equal(1, await app.OrchestrationCountAsync());
    }

    [Fact]
    public async Task Run_SidecarBeforeItsJob_NoJob()
    {
        await using var app = await AppHarness.StartAsync(azurite);
        var name = $"incoming/{Guid.NewGuid():N}.job.json";
        await app.Blobs.UploadAsync(StorageLayout.JobsContainer, name, BinaryData.FromString("""{"budget_usd":1}"""));

        var jobId = await app.Create<JobDroppedFunction>().RunAsync(app.BlobClient(name), app.Durable, default);

        Assert.Null(jobId);
        Assert.Equal(0, await app.OrchestrationCountAsync());
    }

    [Fact]
    public async Task Run_BlobDeletedBeforeTheEventCame_NoJobAndNoFailure()
    {
        await using var app = await AppHarness.StartAsync(azurite);
        var name = $"incoming/{Guid.NewGuid():N}.jsonl";

        var jobId = await app.Create<JobDroppedFunction>().RunAsync(app.BlobClient(name), app.Durable, default);

        Assert.Null(jobId);
    }
}
