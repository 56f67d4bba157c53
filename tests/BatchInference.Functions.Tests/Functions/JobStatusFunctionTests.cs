using System.Net;
using BatchInference.Functions.Tests.Infrastructure;
using BatchInference.Orchestrations.Layout;
using BatchInference.Testing;

namespace BatchInference.Functions.Tests.Functions;

[Collection(AzuriteFixture.CollectionName)]
public sealed class JobStatusFunctionTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Invoke_SubmittedJob_AnswersItsStatusReport()
    {
        await using var harness = await FunctionsHarness.StartAsync(azurite);
        var blob = $"incoming/{Guid.NewGuid():N}.jsonl";
        await harness.UploadJobAsync(blob);
        var jobId = await harness.Host.Pipeline.Engine.SubmitAsync(StorageLayout.JobsContainer, blob);

        var (status, payload) = await harness.InvokeAsync("JobStatus", Get(jobId));

        Assert.Equal(HttpStatusCode.OK, status);
        var (code, body) = Responses.HttpOutput(payload);
        Assert.Equal(200, code);
        Assert.Equal(jobId, body["job_id"]!.GetValue<string>());
        Assert.Equal("pending", body["status"]!.GetValue<string>());
        Assert.Equal($"jobs/{blob}", body["source"]!.GetValue<string>());
        Assert.Empty(body["shards"]!.AsArray());
    }

    [Fact]
    public async Task Invoke_UnknownJob_Answers404()
    {
        await using var harness = await FunctionsHarness.StartAsync(azurite);

        var (_, payload) = await harness.InvokeAsync("JobStatus", Get("job_000000000000000000000000"));

        var (code, body) = Responses.HttpOutput(payload);
        Assert.Equal(404, code);
        Assert.Contains("job_000000000000000000000000", body["error"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_IdThatIsAPath_Answers400()
    {
        await using var harness = await FunctionsHarness.StartAsync(azurite);

        var (_, payload) = await harness.InvokeAsync("JobStatus", Get("../budgets/x"));

        Assert.Equal(400, Responses.HttpOutput(payload).StatusCode);
    }

    private static string Get(string jobId) =>
        FunctionsHarness.Payload("http-get-status.json", new Dictionary<string, string> { ["jobId"] = jobId });
}
