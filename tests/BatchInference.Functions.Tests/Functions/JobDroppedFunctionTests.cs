using System.Net;
using BatchInference.Functions.Tests.Infrastructure;
using BatchInference.Orchestrations.Jobs;
using BatchInference.Orchestrations.Layout;
using BatchInference.Orchestrations.State;
using BatchInference.Testing;

namespace BatchInference.Functions.Tests.Functions;

[Collection(AzuriteFixture.CollectionName)]
public sealed class JobDroppedFunctionTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Invoke_BlobCreatedUnderIncoming_SubmitsJobForThatBlobVersion()
    {
        await using var harness = await FunctionsHarness.StartAsync(azurite);
        var blob = $"incoming/{Guid.NewGuid():N}.jsonl";
        await harness.UploadJobAsync(blob);

        var (status, body) = await harness.InvokeAsync("JobDropped", Event(harness, blob));

        Assert.Equal(HttpStatusCode.OK, status);
        var jobId = body["ReturnValue"]!.GetValue<string>();
        var etag = (await harness.Blobs.GetPropertiesAsync(StorageLayout.JobsContainer, blob))!.ETag.ToString().Trim('"');
        Assert.Equal(JobId.ForBlob(StorageLayout.JobsContainer, blob, etag), jobId);
        var job = await harness.Host.Pipeline.Engine.GetJobAsync(jobId);
        Assert.Equal(JobStatus.Pending, job!.Status);
        Assert.Equal(blob, job.Source.Blob);
        Assert.Equal(1, await harness.Queue.GetApproximateCountAsync());
    }

    [Fact]
    public async Task Invoke_SameEventTwice_SubmitsOneJob()
    {
        await using var harness = await FunctionsHarness.StartAsync(azurite);
        var blob = $"incoming/{Guid.NewGuid():N}.jsonl";
        await harness.UploadJobAsync(blob);
        var payload = Event(harness, blob);

        var first = await harness.InvokeAsync("JobDropped", payload);
        var second = await harness.InvokeAsync("JobDropped", payload);

        Assert.Equal(HttpStatusCode.OK, second.Status);
        Assert.Equal(first.Body["ReturnValue"]!.GetValue<string>(), second.Body["ReturnValue"]!.GetValue<string>());
        Assert.Equal(1, await harness.Queue.GetApproximateCountAsync()); // one StartJob
    }

    [Fact]
    public async Task Invoke_SidecarSettingsBlob_IsIgnoredWithLogLine()
    {
        await using var harness = await FunctionsHarness.StartAsync(azurite);
        var blob = $"incoming/{Guid.NewGuid():N}.jsonl.job.json";
        await harness.Blobs.UploadAsync(StorageLayout.JobsContainer, blob, BinaryData.FromString("""{"completion_window":"24h"}"""));

        var (status, body) = await harness.InvokeAsync("JobDropped", Event(harness, blob));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Null(body["ReturnValue"]);
        Assert.Contains("sidecar", Responses.Logs(body), StringComparison.Ordinal);
        Assert.Equal(0, await harness.Queue.GetApproximateCountAsync());
    }

    [Fact]
    public async Task Invoke_BlobOutsideIncoming_IsIgnoredWithLogLine()
    {
        await using var harness = await FunctionsHarness.StartAsync(azurite);
        var blob = $"nightly/{Guid.NewGuid():N}.jsonl";
        await harness.UploadJobAsync(blob);

        var (status, body) = await harness.InvokeAsync("JobDropped", Event(harness, blob));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("not under jobs/incoming/", Responses.Logs(body), StringComparison.Ordinal);
        Assert.Equal(0, await harness.Queue.GetApproximateCountAsync());
    }

    [Fact]
    public async Task Invoke_BlobDeletedBeforeEventArrives_IsIgnored()
    {
        await using var harness = await FunctionsHarness.StartAsync(azurite);

        var (status, body) = await harness.InvokeAsync("JobDropped", Event(harness, $"incoming/{Guid.NewGuid():N}.jsonl"));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("no longer exists", Responses.Logs(body), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_EventWithoutUrl_Returns400WithReason()
    {
        await using var harness = await FunctionsHarness.StartAsync(azurite);

        var (status, body) = await harness.InvokeAsync("JobDropped", FunctionsHarness.Payload("eventgrid-no-url.json"));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("data.url", body["ReturnValue"]!["error"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"Metadata": {}}""")]
    [InlineData("""{"Data": {"other": {}}, "Metadata": {}}""")]
    public async Task Invoke_MalformedPayload_Returns400WithReason(string payload)
    {
        await using var harness = await FunctionsHarness.StartAsync(azurite);

        var (status, body) = await harness.InvokeAsync("JobDropped", payload);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.False(string.IsNullOrEmpty(body["ReturnValue"]!["error"]!.GetValue<string>()));
    }

    private static string Event(FunctionsHarness harness, string blob) =>
        FunctionsHarness.Payload("eventgrid-blob-created.json", new Dictionary<string, string>
        {
            ["blob"] = blob,
            ["eventId"] = "evt-" + blob,
            ["url"] = harness.BlobUrl(StorageLayout.JobsContainer, blob).ToString(),
        });
}
