using BatchInference.FunctionApp.Functions;
using BatchInference.FunctionApp.Tests.Infrastructure;
using BatchInference.Orchestrations.Layout;
using BatchInference.Testing;
using Microsoft.Azure.Functions.Worker;

namespace BatchInference.FunctionApp.Tests.Functions;

/// <summary>The nightly timer function over the staged inputs under <c>jobs/nightly/</c>.</summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class NightlyFunctionTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Run_TwiceOverTheSameStagedFile_SubmitsItOnceAndSkipsSidecars()
    {
        await using var app = await AppHarness.StartAsync(azurite);
        var name = $"{NightlyFunction.NightlyPrefix}{Guid.NewGuid():N}.jsonl";
        await app.UploadJobAsync(name);
        await app.Blobs.UploadAsync(StorageLayout.JobsContainer, name[..^".jsonl".Length] + ".job.json", BinaryData.FromString("{}"));
        var function = app.Create<NightlyFunction>();
        var durable = app.Durable;

        var first = await function.RunAsync(new TimerInfo { IsPastDue = true }, durable, default);
        var second = await function.RunAsync(new TimerInfo(), durable, default);

        var jobId = Assert.Single(first, id => app.Engines.ForBackgroundWork().GetJobAsync(id).Result?.Source.Blob == name);
        Assert.Contains(jobId, second);
        Assert.DoesNotContain(first, id => app.Engines.ForBackgroundWork().GetJobAsync(id).Result?.Source.Blob.EndsWith(".job.json", StringComparison.Ordinal) == true);
        Assert.Equal(1, await app.OrchestrationCountAsync());
    }
}
