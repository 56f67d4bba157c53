using System.Net;
using BatchInference.Functions.Tests.Infrastructure;
using BatchInference.Orchestrations.State;
using BatchInference.Testing;

namespace BatchInference.Functions.Tests.Functions;

[Collection(AzuriteFixture.CollectionName)]
public sealed class SubmitJobFunctionTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Invoke_ExistingBlob_Answers202WithJobIdAndSubmitsOnce()
    {
        await using var harness = await FunctionsHarness.StartAsync(azurite);
        var blob = $"api/{Guid.NewGuid():N}.jsonl";
        await harness.UploadJobAsync(blob);
        var payload = Post($$"""{"container":"jobs","blob":"{{blob}}"}""");

        var (status, first) = await harness.InvokeAsync("SubmitJob", payload);
        var (_, second) = await harness.InvokeAsync("SubmitJob", payload);

        Assert.Equal(HttpStatusCode.OK, status);
        var (code, body) = Responses.HttpOutput(first);
        Assert.Equal(202, code);
        var jobId = body["job_id"]!.GetValue<string>();
        Assert.Equal(jobId, Responses.HttpOutput(second).Body["job_id"]!.GetValue<string>());
        Assert.Equal(JobStatus.Pending, (await harness.Host.Pipeline.Engine.GetJobAsync(jobId))!.Status);
        Assert.Equal(1, await harness.Queue.GetApproximateCountAsync());
    }

    [Theory]
    [InlineData("not json", "JSON object")]
    [InlineData("""{"container":"jobs"}""", "required")]
    [InlineData("""{"container":"Bad_Name","blob":"a.jsonl"}""", "container name")]
    public async Task Invoke_BadInput_Answers400WithReason(string requestBody, string reason)
    {
        await using var harness = await FunctionsHarness.StartAsync(azurite);

        var (status, payload) = await harness.InvokeAsync("SubmitJob", Post(requestBody));

        Assert.Equal(HttpStatusCode.OK, status);
        var (code, body) = Responses.HttpOutput(payload);
        Assert.Equal(400, code);
        Assert.Contains(reason, body["error"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, await harness.Queue.GetApproximateCountAsync());
    }

    [Fact]
    public async Task Invoke_MissingBlob_Answers404()
    {
        await using var harness = await FunctionsHarness.StartAsync(azurite);

        var (_, payload) = await harness.InvokeAsync("SubmitJob", Post("""{"container":"jobs","blob":"api/none.jsonl"}"""));

        Assert.Equal(404, Responses.HttpOutput(payload).StatusCode);
    }

    [Fact]
    public async Task Invoke_BodyAlreadyParsedByHost_IsAccepted()
    {
        await using var harness = await FunctionsHarness.StartAsync(azurite);
        var blob = $"api/{Guid.NewGuid():N}.jsonl";
        await harness.UploadJobAsync(blob);
        var payload = """{"Data":{"req":{"Method":"POST","Body":{"container":"jobs","blob":"BLOB"},"Params":{}}},"Metadata":{}}""".Replace("BLOB", blob, StringComparison.Ordinal);

        var (_, result) = await harness.InvokeAsync("SubmitJob", payload);

        Assert.Equal(202, Responses.HttpOutput(result).StatusCode);
    }

    private static string Post(string body) =>
        FunctionsHarness.Payload("http-post-submit.json", new Dictionary<string, string> { ["body"] = body });
}
