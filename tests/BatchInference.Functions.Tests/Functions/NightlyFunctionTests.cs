using System.Net;
using BatchInference.Functions.Tests.Infrastructure;
using BatchInference.Orchestrations.Layout;
using BatchInference.Testing;

namespace BatchInference.Functions.Tests.Functions;

// The only test class that stages blobs under jobs/nightly/ in the shared Azurite, so it may count them.
[Collection(AzuriteFixture.CollectionName)]
public sealed class NightlyFunctionTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Invoke_TwiceOverStagedBlobs_SubmitsEachBlobOnce()
    {
        await using var harness = await FunctionsHarness.StartAsync(azurite);
        var run = Guid.NewGuid().ToString("N");
        await harness.UploadJobAsync($"nightly/{run}-a.jsonl");
        await harness.UploadJobAsync($"nightly/{run}-b.jsonl");
        await harness.Blobs.UploadAsync(StorageLayout.JobsContainer, $"nightly/{run}-a.jsonl.job.json", BinaryData.FromString("{}"));

        var (status, first) = await harness.InvokeAsync("Nightly", FunctionsHarness.Payload("timer.json"));
        var (_, second) = await harness.InvokeAsync("Nightly", FunctionsHarness.Payload("timer.json"));

        Assert.Equal(HttpStatusCode.OK, status);
        var jobs = first["ReturnValue"]!.AsArray().Select(j => j!.GetValue<string>()).ToList();
        Assert.Equal(2, jobs.Distinct().Count());
        Assert.Equal(jobs, second["ReturnValue"]!.AsArray().Select(j => j!.GetValue<string>()));
        Assert.Equal(2, await harness.Queue.GetApproximateCountAsync()); // one StartJob per blob, none from the second run
    }

    [Fact]
    public async Task Invoke_TimerBindingMissing_Returns400()
    {
        await using var harness = await FunctionsHarness.StartAsync(azurite);

        var (status, body) = await harness.InvokeAsync("Nightly", """{"Data": {"myTimer": {}}, "Metadata": {}}""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("timer", body["ReturnValue"]!["error"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
