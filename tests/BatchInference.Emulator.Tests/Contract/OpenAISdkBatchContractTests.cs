using System.ClientModel;
using System.ClientModel.Primitives;
using System.Text.Json;
using BatchInference.Emulator.Tests.Batches;
using Microsoft.Extensions.Time.Testing;
using OpenAI;
using OpenAI.Batch;
using OpenAI.Files;

namespace BatchInference.Emulator.Tests.Contract;

// OpenAI 2.15 marks its batch client and a few file members [Experimental] (OPENAI001); checking that exactly these
// members work against the emulator is this class's purpose, so the diagnostic is acknowledged here.
#pragma warning disable OPENAI001

/// <summary>The official OpenAI .NET SDK's file and batch clients, unchanged, pointed at the emulator.</summary>
public sealed class OpenAISdkBatchContractTests
{
    private static readonly DateTimeOffset Now = new(2026, 5, 4, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task UploadCreatePollDownload_ProtocolMethods_RunABatchToCompletion()
    {
        var clock = new FakeTimeProvider(Now);
        await using var server = await TestEmulator.StartAsync(time: clock);
        var client = new OpenAIClient(new ApiKeyCredential("x"), SdkOptions(server));
        var files = client.GetOpenAIFileClient();
        var batches = client.GetBatchClient();
        var jsonl = BatchHttp.ChatFile(3);

        OpenAIFile file = await files.UploadFileAsync(BinaryData.FromString(jsonl), "shard-0.jsonl", FileUploadPurpose.Batch);
        var create = JsonSerializer.Serialize(new
        {
            input_file_id = file.Id,
            endpoint = "/v1/chat/completions",
            completion_window = "24h",
            metadata = new Dictionary<string, string> { ["job_id"] = "job-7", ["shard"] = "0", ["attempt"] = "1" },
        });
        CreateBatchOperation operation = await batches.CreateBatchAsync(BinaryContent.Create(BinaryData.FromString(create)), waitUntilCompleted: false);
        var hadCompleted = operation.HasCompleted;
        clock.Advance(TimeSpan.FromMinutes(1));
        await operation.UpdateStatusAsync();
        using var batch = JsonDocument.Parse((await operation.GetBatchAsync(new RequestOptions())).GetRawResponse().Content);
        BinaryData output = await files.DownloadFileAsync(batch.RootElement.GetProperty("output_file_id").GetString()!);

        Assert.Equal(("shard-0.jsonl", FilePurpose.Batch), (file.Filename, file.Purpose));
        Assert.Equal(System.Text.Encoding.UTF8.GetByteCount(jsonl), file.SizeInBytesLong);
        Assert.StartsWith("batch_", operation.BatchId);
        Assert.False(hadCompleted);
        Assert.True(operation.HasCompleted);
        Assert.Equal("completed", batch.RootElement.GetProperty("status").GetString());
        Assert.Equal("job-7", batch.RootElement.GetProperty("metadata").GetProperty("job_id").GetString());
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.All(lines, l => Assert.Equal(200, JsonDocument.Parse(l).RootElement.GetProperty("response").GetProperty("status_code").GetInt32()));
        Assert.Equal(3, server.RequestLog.BillableCount);
    }

    [Fact]
    public async Task GetBatches_ProtocolPages_FollowTheCursorAcrossPages()
    {
        await using var server = await TestEmulator.StartAsync(time: new FakeTimeProvider(Now));
        using var http = TestEmulator.Client(server);
        var created = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            created.Add(await BatchHttp.StartBatchAsync(http, BatchHttp.ChatFile(1)));
        }

        var batches = new OpenAIClient(new ApiKeyCredential("x"), SdkOptions(server)).GetBatchClient();
        var seen = new List<string>();
        var pages = 0;
        await foreach (var page in batches.GetBatchesAsync(after: null, limit: 2, new RequestOptions()).GetRawPagesAsync())
        {
            pages++;
            using var json = JsonDocument.Parse(page.GetRawResponse().Content);
            seen.AddRange(json.RootElement.GetProperty("data").EnumerateArray().Select(b => b.GetProperty("id").GetString()!));
        }

        Assert.Equal(2, pages);
        Assert.Equal(Enumerable.Reverse(created), seen);
    }

    [Fact]
    public async Task CancelAsync_RunningBatch_EndsCancelledWithPartialOutput()
    {
        var clock = new FakeTimeProvider(Now);
        await using var server = await TestEmulator.StartAsync(
            o =>
            {
                o.BatchValidationTime = TimeSpan.Zero;
                o.BatchLinesPerSecond = 1;
                o.BatchCancelTime = TimeSpan.FromSeconds(1);
            },
            clock);
        var client = new OpenAIClient(new ApiKeyCredential("x"), SdkOptions(server));
        OpenAIFile file = await client.GetOpenAIFileClient().UploadFileAsync(BinaryData.FromString(BatchHttp.ChatFile(5)), "in.jsonl", FileUploadPurpose.Batch);
        var create = JsonSerializer.Serialize(new { input_file_id = file.Id, endpoint = "/v1/chat/completions", completion_window = "24h" });
        var operation = await client.GetBatchClient().CreateBatchAsync(BinaryContent.Create(BinaryData.FromString(create)), waitUntilCompleted: false);
        clock.Advance(TimeSpan.FromSeconds(2));

        using var cancelling = JsonDocument.Parse((await operation.CancelAsync(new RequestOptions())).GetRawResponse().Content);
        clock.Advance(TimeSpan.FromSeconds(1));
        await operation.UpdateStatusAsync();
        using var cancelled = JsonDocument.Parse((await operation.GetBatchAsync(new RequestOptions())).GetRawResponse().Content);

        Assert.Equal("cancelling", cancelling.RootElement.GetProperty("status").GetString());
        Assert.True(operation.HasCompleted);
        Assert.Equal("cancelled", cancelled.RootElement.GetProperty("status").GetString());
        Assert.Equal(2, cancelled.RootElement.GetProperty("request_counts").GetProperty("completed").GetInt32());
        Assert.Equal(2, server.RequestLog.BillableCount);
    }

    [Fact]
    public async Task FileClient_TypedGetListDelete_SeeTheSameFile()
    {
        await using var server = await TestEmulator.StartAsync();
        var files = new OpenAIClient(new ApiKeyCredential("x"), SdkOptions(server)).GetOpenAIFileClient();
        OpenAIFile uploaded = await files.UploadFileAsync(BinaryData.FromString(BatchHttp.ChatFile(1)), "one.jsonl", FileUploadPurpose.Batch);

        OpenAIFile fetched = await files.GetFileAsync(uploaded.Id);
        OpenAIFileCollection listed = await files.GetFilesAsync(FilePurpose.Batch);
        FileDeletionResult deleted = await files.DeleteFileAsync(uploaded.Id);
        var missing = await Assert.ThrowsAsync<ClientResultException>(() => files.GetFileAsync(uploaded.Id));

        Assert.Equal((uploaded.Id, "one.jsonl"), (fetched.Id, fetched.Filename));
        Assert.Equal(uploaded.Id, Assert.Single(listed).Id);
        Assert.True(deleted.Deleted);
        Assert.Equal(404, missing.Status);
    }

    private static OpenAIClientOptions SdkOptions(EmulatorServer server) => new()
    {
        Endpoint = new Uri(server.BaseAddress, "v1"),
        RetryPolicy = new ClientRetryPolicy(0),
    };
}
