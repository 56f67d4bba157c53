using BatchInference.FunctionApp.Http;
using BatchInference.FunctionApp.Tests.Infrastructure;
using BatchInference.Orchestrations.Jobs;
using BatchInference.Orchestrations.Layout;
using BatchInference.Orchestrations.State;
using BatchInference.Testing;

namespace BatchInference.FunctionApp.Tests.Http;

/// <summary>The HTTP functions called as the worker calls them, over Azurite and the engine.</summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class JobsApiTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Submit_ExistingBlob_202WithTheJobIdAndTheJobIsPending()
    {
        await using var app = await AppHarness.StartAsync(azurite);
        var api = app.Create<JobsApi>();
        var blob = $"api/{Guid.NewGuid():N}.jsonl";
        await app.UploadJobAsync(blob);

        var result = await api.SubmitAsync(Requests.Post("/api/jobs", $$"""{"container":"jobs","blob":"{{blob}}"}"""), app.Durable, default);
        var again = await api.SubmitAsync(Requests.Post("/api/jobs", $$"""{"container":"jobs","blob":"{{blob}}"}"""), app.Durable, default);

        var jobId = Requests.Json(result, 202)["job_id"]!.GetValue<string>();
        var properties = await app.Blobs.GetPropertiesAsync(StorageLayout.JobsContainer, blob);
        Assert.Equal(JobId.ForBlob(StorageLayout.JobsContainer, blob, properties!.ETag.ToString().Trim('"')), jobId);
        Assert.Equal(jobId, Requests.Json(again, 202)["job_id"]!.GetValue<string>());
        Assert.Equal(JobStatus.Pending, (await app.Engines.ForBackgroundWork().GetJobAsync(jobId))!.Status);
        Assert.Equal(1, await app.OrchestrationCountAsync()); // one start, not two
    }

    [Theory]
    [InlineData("not json", "JSON object")]
    [InlineData("[1,2]", "JSON object")]
    [InlineData("""{"container":"jobs"}""", "\"blob\" are required")]
    [InlineData("""{"container":"jobs","blob":7}""", "\"blob\" are required")]
    [InlineData("""{"container":"NO_SUCH","blob":"x.jsonl"}""", "container")]
    public async Task Submit_BadBody_400ProblemSayingWhatToFix(string body, string expected)
    {
        await using var app = await AppHarness.StartAsync(azurite);

        var result = await app.Create<JobsApi>().SubmitAsync(Requests.Post("/api/jobs", body), app.Durable, default);

        var problem = Requests.Problem(result, 400);
        Assert.Contains(expected, problem.Detail, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("/api/jobs", problem.Instance);
    }

    [Fact]
    public async Task Submit_MissingBlob_404Problem()
    {
        await using var app = await AppHarness.StartAsync(azurite);

        var result = await app.Create<JobsApi>().SubmitAsync(Requests.Post("/api/jobs", """{"container":"jobs","blob":"api/none.jsonl"}"""), app.Durable, default);

        Assert.Contains("jobs/api/none.jsonl does not exist", Requests.Problem(result, 404).Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_SubmittedJob_200SnakeCaseReport()
    {
        await using var app = await AppHarness.StartAsync(azurite);
        var api = app.Create<JobsApi>();
        var blob = $"api/{Guid.NewGuid():N}.jsonl";
        await app.UploadJobAsync(blob);
        var jobId = await app.Engines.ForBackgroundWork().SubmitAsync(StorageLayout.JobsContainer, blob);

        var result = await api.StatusAsync(Requests.Get($"/api/jobs/{jobId}"), jobId, app.Durable, default);

        var body = Requests.Json(result, 200);
        Assert.Equal(jobId, body["job_id"]!.GetValue<string>());
        Assert.Equal("pending", body["status"]!.GetValue<string>());
        Assert.False(body["cancel_requested"]!.GetValue<bool>());
        Assert.Contains(blob, body["source"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("not split yet", body["eta"]!["basis"]!.GetValue<string>(), StringComparison.Ordinal); // the ETA before any progress
    }

    [Theory]
    [InlineData("UPPER", 400)]
    [InlineData("a/b", 400)]
    [InlineData("no-such-job", 404)]
    public async Task StatusAndCancel_BadOrUnknownId_ProblemWithTheStatus(string jobId, int status)
    {
        await using var app = await AppHarness.StartAsync(azurite);
        var api = app.Create<JobsApi>();

        Requests.Problem(await api.StatusAsync(Requests.Get($"/api/jobs/{jobId}"), jobId, app.Durable, default), status);
        Requests.Problem(await api.CancelAsync(Requests.Post($"/api/jobs/{jobId}/cancel", string.Empty), jobId, app.Durable, default), status);
    }

    [Fact]
    public async Task Cancel_PendingJob_202AndTheJobEndsCancelled()
    {
        await using var app = await AppHarness.StartAsync(azurite);
        var api = app.Create<JobsApi>();
        var blob = $"api/{Guid.NewGuid():N}.jsonl";
        await app.UploadJobAsync(blob);
        var jobId = await app.Engines.ForBackgroundWork().SubmitAsync(StorageLayout.JobsContainer, blob);

        var result = await api.CancelAsync(Requests.Post($"/api/jobs/{jobId}/cancel", string.Empty), jobId, app.Durable, default);

        var body = Requests.Json(result, 202);
        Assert.Equal(jobId, body["job_id"]!.GetValue<string>());
        Assert.True(body["cancel_requested"]!.GetValue<bool>());
        var status = Requests.StatusDocument(await api.StatusAsync(Requests.Get($"/api/jobs/{jobId}"), jobId, app.Durable, default));
        Assert.True(status.CancelRequested);
    }

    [Fact]
    public async Task List_AfterTwoSubmits_HoldsBoth()
    {
        await using var app = await AppHarness.StartAsync(azurite);
        var api = app.Create<JobsApi>();
        var ids = new List<string>();
        foreach (var name in new[] { "one", "two" })
        {
            var blob = $"api/{Guid.NewGuid():N}-{name}.jsonl";
            await app.UploadJobAsync(blob);
            ids.Add(await app.Engines.ForBackgroundWork().SubmitAsync(StorageLayout.JobsContainer, blob));
        }

        var result = await api.ListAsync(Requests.Get("/api/jobs"), app.Durable, default);

        var listed = Requests.Json(result, 200).AsArray().Select(j => j!["job_id"]!.GetValue<string>()).ToList();
        Assert.All(ids, id => Assert.Contains(id, listed));
    }

    [Fact]
    public async Task Health_StorageAnswers_200Ready()
    {
        await using var app = await AppHarness.StartAsync(azurite);

        var result = await app.Create<HealthFunction>().RunAsync(Requests.Get("/api/health"), default);

        Assert.Equal("ready", Requests.Json(result, 200)["status"]!.GetValue<string>());
    }
}
