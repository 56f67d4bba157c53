#pragma warning disable OPENAI001 // The SDK marks its batch client experimental; the batch API is what these tests drive.
using System.ClientModel;
using System.ClientModel.Primitives;
using System.Text.Json.Nodes;
using BatchInference.Testing;
using OpenAI.Batch;
using OpenAI.Chat;
using OpenAI.Files;

namespace BatchInference.Cli.Tests.Serving;

/// <summary>
/// The official OpenAI .NET SDK against <c>bi serve --local</c>'s server (in this process, on a free loopback port):
/// the whole batch flow as OpenAI's documentation writes it, answers parsed by the SDK's own types.
/// </summary>
public sealed class OpenAIDotNetSdkTests(RunningServeFixture server) : IClassFixture<RunningServeFixture>
{
    [Fact]
    public async Task BatchFlow_UploadCreatePollDownload_OutputParsesAsChatCompletionsAndErrorsNameTheBadLines()
    {
        var client = SdkRequests.Client(server, ServeFixture.KeyA);
        var files = client.GetOpenAIFileClient();
        var batches = client.GetBatchClient();

        OpenAIFile file = await files.UploadFileAsync(BinaryData.FromBytes(SdkRequests.ChatFile(5)), "requests.jsonl", FileUploadPurpose.Batch);
        Assert.Equal(FilePurpose.Batch, file.Purpose);
        Assert.Equal("requests.jsonl", file.Filename);

        var (job, raw) = await RunToEndAsync(batches, SdkRequests.CreateBody(file.Id, metadata: new JsonObject { ["bi_tags"] = "project=sdk" }));

        Assert.Equal("completed", raw["status"]!.GetValue<string>());
        Assert.Equal(file.Id, job.InputFileId);
        Assert.Equal("/v1/chat/completions", job.Endpoint);
        Assert.Equal("24h", job.CompletionWindow);
        Assert.Equal("sdk", job.Metadata["bi_tags"].Split('=')[1]);
        Assert.NotNull(job.CompletedAt);
        Assert.True(job.InProgressAt <= job.CompletedAt);
        Assert.Equal(7, raw["request_counts"]!["total"]!.GetValue<long>());
        Assert.Equal(5, raw["request_counts"]!["completed"]!.GetValue<long>());
        Assert.Equal(2, raw["request_counts"]!["failed"]!.GetValue<long>());

        var output = SdkRequests.Lines(await files.DownloadFileAsync(job.OutputFileId));
        Assert.Equal(["req-1", "req-2", "req-3", "req-4", "req-5"], output.Select(l => l["custom_id"]!.GetValue<string>()));
        foreach (var line in output)
        {
            Assert.Equal(200, line["response"]!["status_code"]!.GetValue<int>());
            var completion = ModelReaderWriter.Read<ChatCompletion>(BinaryData.FromString(line["response"]!["body"]!.ToJsonString()))!;
            Assert.NotEmpty(completion.Content[0].Text);
            Assert.True(completion.Usage.OutputTokenCount > 0);
        }

        var errors = SdkRequests.Lines(await files.DownloadFileAsync(job.ErrorFileId));
        Assert.Equal([6L, 7L], errors.Select(l => l["error"]!["line"]!.GetValue<long>()));
        Assert.Equal("invalid_json", errors[0]["error"]!["code"]!.GetValue<string>());

        OpenAIFile outputFile = await files.GetFileAsync(job.OutputFileId);
        Assert.Equal(FilePurpose.BatchOutput, outputFile.Purpose);
        OpenAIFileCollection listed = await files.GetFilesAsync();
        Assert.Contains(listed, f => f.Id == file.Id);
        Assert.Contains(listed, f => f.Id == job.OutputFileId);
    }

    [Fact]
    public async Task CreateBatch_LineUrlIsNotTheEndpoint_BatchFailsValidationWithTheLineInErrors()
    {
        var client = SdkRequests.Client(server, ServeFixture.KeyA);
        OpenAIFile file = await client.GetOpenAIFileClient().UploadFileAsync(
            BinaryData.FromBytes(SdkRequests.ChatFile(3, badLines: false, url: "/v1/embeddings")), "mixed.jsonl", FileUploadPurpose.Batch);

        var (_, raw) = await RunToEndAsync(client.GetBatchClient(), SdkRequests.CreateBody(file.Id));

        Assert.Equal("failed", raw["status"]!.GetValue<string>());
        var error = raw["errors"]!["data"]![0]!;
        Assert.Equal("mismatched_endpoint", error["code"]!.GetValue<string>());
        Assert.Equal(2, error["line"]!.GetValue<long>());
        Assert.NotNull(raw["failed_at"]);
        Assert.Null(raw["output_file_id"]);
    }

    [Fact]
    public async Task ListBatches_PageSizeOne_SdkFollowsAfterThroughEveryBatchNewestFirst()
    {
        // Team beta's own batches (failed validation: no job runs), so the list holds exactly these.
        var client = SdkRequests.Client(server, ServeFixture.KeyB);
        var batches = client.GetBatchClient();
        OpenAIFile file = await client.GetOpenAIFileClient().UploadFileAsync(
            BinaryData.FromBytes(SdkRequests.ChatFile(2, badLines: false)), "list.jsonl", FileUploadPurpose.Batch);
        var created = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var operation = await batches.CreateBatchAsync(SdkRequests.CreateBody(file.Id, endpoint: "/v1/embeddings"), waitUntilCompleted: false);
            created.Add(operation.BatchId);
        }

        var listed = new List<string>();
        await foreach (var batch in batches.GetBatchesAsync(new BatchCollectionOptions { PageSizeLimit = 1 }))
        {
            listed.Add(batch.Id);
        }

        created.Reverse();
        Assert.Equal(created, listed);
    }

    [Fact]
    public async Task OtherTeam_FilesAndBatchesOfAnother_AreNotFound()
    {
        var alpha = SdkRequests.Client(server, ServeFixture.KeyA);
        OpenAIFile file = await alpha.GetOpenAIFileClient().UploadFileAsync(
            BinaryData.FromBytes(SdkRequests.ChatFile(1, badLines: false)), "mine.jsonl", FileUploadPurpose.Batch);
        var operation = await alpha.GetBatchClient().CreateBatchAsync(SdkRequests.CreateBody(file.Id, endpoint: "/v1/embeddings"), waitUntilCompleted: false);
        var beta = SdkRequests.Client(server, ServeFixture.KeyB);

        var fileError = await Assert.ThrowsAsync<ClientResultException>(() => beta.GetOpenAIFileClient().GetFileAsync(file.Id));
        var contentError = await Assert.ThrowsAsync<ClientResultException>(() => beta.GetOpenAIFileClient().DownloadFileAsync(file.Id));
        var batchError = await Assert.ThrowsAsync<ClientResultException>(() => beta.GetBatchClient().GetBatchAsync(operation.BatchId, options: null));
        var createError = await Assert.ThrowsAsync<ClientResultException>(() => beta.GetBatchClient().CreateBatchAsync(SdkRequests.CreateBody(file.Id), waitUntilCompleted: false));

        Assert.All([fileError, contentError, batchError, createError], e => Assert.Equal(404, e.Status));
        var body = JsonNode.Parse(fileError.GetRawResponse()!.Content.ToString())!["error"]!;
        Assert.Equal("invalid_request_error", body["type"]!.GetValue<string>());
        Assert.Contains(file.Id, body["message"]!.GetValue<string>(), StringComparison.Ordinal);
        OpenAIFileCollection betaFiles = await beta.GetOpenAIFileClient().GetFilesAsync();
        Assert.DoesNotContain(betaFiles, f => f.Id == file.Id);
    }

    [Fact]
    public async Task WrongKey_AnyEndpoint_OpenAIs401()
    {
        var client = SdkRequests.Client(server, "sk-not-configured");

        var error = await Assert.ThrowsAsync<ClientResultException>(() => client.GetOpenAIFileClient().GetFilesAsync());

        Assert.Equal(401, error.Status);
        var body = JsonNode.Parse(error.GetRawResponse()!.Content.ToString())!["error"]!;
        Assert.Equal("invalid_api_key", body["code"]!.GetValue<string>());
        Assert.Equal("invalid_request_error", body["type"]!.GetValue<string>());
        Assert.Null(body["param"]);
    }

    [Fact]
    public async Task UnknownFileId_GetAndCreate_OpenAIs404()
    {
        var client = SdkRequests.Client(server, ServeFixture.KeyA);

        var get = await Assert.ThrowsAsync<ClientResultException>(() => client.GetOpenAIFileClient().GetFileAsync("file-0123456789abcdef0123456789abcdef"));
        var create = await Assert.ThrowsAsync<ClientResultException>(
            () => client.GetBatchClient().CreateBatchAsync(SdkRequests.CreateBody("file-0123456789abcdef0123456789abcdef"), waitUntilCompleted: false));

        Assert.Equal(404, get.Status);
        Assert.Equal(404, create.Status);
        Assert.Equal("input_file_id", JsonNode.Parse(create.GetRawResponse()!.Content.ToString())!["error"]!["param"]!.GetValue<string>());
    }

    // Polls as users' code does (the SDK's operation decides when the status is final); the raw JSON is OpenAI's object.
    internal static async Task<(BatchJob Job, JsonObject Raw)> RunToEndAsync(BatchClient batches, BinaryContent body)
    {
        var operation = await batches.CreateBatchAsync(body, waitUntilCompleted: false);
        await Poll.UntilAsync(
            async () => (await operation.UpdateStatusAsync()).GetRawResponse() is not null && operation.HasCompleted,
            $"batch {operation.BatchId} to end", interval: TimeSpan.FromMilliseconds(100));
        var result = await operation.GetBatchAsync(options: null);
        return ((BatchJob)result, JsonNode.Parse(result.GetRawResponse().Content.ToString())!.AsObject());
    }
}
