using System.Net;
using BatchInference.Functions.Tests.Infrastructure;
using BatchInference.Orchestrations.Layout;
using BatchInference.Testing;

namespace BatchInference.Functions.Tests.Functions;

[Collection(AzuriteFixture.CollectionName)]
public sealed class EnginePoisonFunctionTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Invoke_PoisonStartJob_RecordsTheJobAsFailingWithReason()
    {
        await using var harness = await FunctionsHarness.StartAsync(azurite);
        var blob = $"incoming/{Guid.NewGuid():N}.jsonl";
        await harness.UploadJobAsync(blob);
        var jobId = await harness.Host.Pipeline.Engine.SubmitAsync(StorageLayout.JobsContainer, blob);
        var start = await EngineWorkFunctionTests.ReceiveOneAsync(harness.Queue);

        var (status, body) = await harness.InvokeAsync("EnginePoison", EngineWorkFunctionTests.Payload(start));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains(start.Id, Responses.Logs(body), StringComparison.Ordinal);
        var job = await harness.Host.Pipeline.Engine.GetJobAsync(jobId);
        Assert.Contains("failed repeatedly", job!.FailureReason, StringComparison.Ordinal);
        Assert.Contains("-poison", job.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_PayloadWithoutMessage_Returns400()
    {
        await using var harness = await FunctionsHarness.StartAsync(azurite);

        var (status, _) = await harness.InvokeAsync("EnginePoison", """{"Data": {}, "Metadata": {"Id": "x", "DequeueCount": 1}}""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
    }
}
