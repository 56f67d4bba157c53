using System.Text;
using System.Text.Json;
using BatchInference.Providers.Batches;
using BatchInference.Providers.Tests.Infrastructure;

namespace BatchInference.Providers.Tests.Batches;

/// <summary>The OpenAI / Azure OpenAI batch client against a capture server: exact requests, chosen failures.</summary>
public sealed partial class OpenAIBatchProviderTests
{
    private static readonly BatchKey Key = new("job-1", 4, 2);

    [Fact]
    public async Task CreateAsync_AzureKind_UploadsAndCreatesUnderOpenAIV1WithApiKeyHeader()
    {
        await using var server = await CaptureServer.StartAsync(request => Answer(request, FileObject("file-az1"), AzureBatch("batch_az1")));
        var provider = BatchTestEndpoints.Provider(ProviderKind.AzureOpenAI, new Uri(server.BaseAddress, "openai/v1/"), "azure-key-1");

        var batch = await provider.CreateAsync(Key, "/v1/chat/completions", [BatchTestEndpoints.ChatLine("l1", "my-deployment")]);

        Assert.Equal("azure-openai", provider.Name);
        Assert.Equal(100_000, provider.MaxLines);
        Assert.Equal("batch_az1", batch.Id);
        Assert.Equal(ProviderBatchStatus.Validating, batch.Status);
        var requests = server.Requests.ToArray();
        Assert.Equal(["/openai/v1/files", "/openai/v1/batches"], requests.Select(r => r.Path));
        Assert.All(requests, r =>
        {
            Assert.Equal("azure-key-1", r.Headers["api-key"]);
            Assert.False(r.Headers.ContainsKey("Authorization"));
        });
        var upload = Encoding.UTF8.GetString(requests[0].Body);
        Assert.Contains("name=purpose", upload.Replace("\"", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("""{"custom_id":"l1","method":"POST","url":"/v1/chat/completions","body":{"model":"my-deployment",""", upload, StringComparison.Ordinal);
        using var create = JsonDocument.Parse(requests[1].Body);
        Assert.Equal("file-az1", create.RootElement.GetProperty("input_file_id").GetString());
        Assert.Equal("/chat/completions", create.RootElement.GetProperty("endpoint").GetString());
        Assert.Equal("24h", create.RootElement.GetProperty("completion_window").GetString());
        Assert.Equal(Key, BatchKey.FromMetadata(create.RootElement.GetProperty("metadata").Deserialize<Dictionary<string, string>>()));
    }

    [Fact]
    public async Task CreateAsync_OpenAIKind_SendsBearerKeyAndVersionedEndpoint()
    {
        await using var server = await CaptureServer.StartAsync(request => Answer(request, FileObject("file-1"), OpenAIBatch("batch_1", "validating")));
        var provider = BatchTestEndpoints.Provider(ProviderKind.OpenAI, server.Endpoint, "sk-batch");

        var batch = await provider.CreateAsync(Key, "/v1/embeddings", [BatchTestEndpoints.ChatLine("e1")]);

        Assert.Equal("openai", provider.Name);
        Assert.Equal(50_000, provider.MaxLines);
        Assert.Equal(Key, batch.Key);
        var requests = server.Requests.ToArray();
        Assert.Equal(["/v1/files", "/v1/batches"], requests.Select(r => r.Path));
        Assert.All(requests, r => Assert.Equal("Bearer sk-batch", r.Headers["Authorization"]));
        using var create = JsonDocument.Parse(requests[1].Body);
        Assert.Equal("/v1/embeddings", create.RootElement.GetProperty("endpoint").GetString());
    }

    [Fact]
    public async Task CreateAsync_CreateAnswers500ButTheBatchExists_AdoptsItInsteadOfCreatingAgain()
    {
        var creates = 0;
        await using var server = await CaptureServer.StartAsync(request => request switch
        {
            { Path: "/v1/batches", Method: "POST" } when Interlocked.Increment(ref creates) == 1 =>
                new CaptureReply(500, """{"error":{"message":"The server had an error","type":"server_error"}}"""),
            { Path: "/v1/batches", Method: "GET" } => new CaptureReply(200, ListPage(false, OpenAIBatch("batch_made", "in_progress"))),
            _ => Answer(request, FileObject("file-1"), OpenAIBatch("batch_second", "validating")),
        });
        var provider = BatchTestEndpoints.Provider(ProviderKind.OpenAI, server.Endpoint);

        var batch = await provider.CreateAsync(Key, "/v1/chat/completions", [BatchTestEndpoints.ChatLine("l1")]);

        Assert.Equal("batch_made", batch.Id);
        Assert.Equal(1, creates);
        Assert.Single(server.Requests, r => r is { Path: "/v1/batches", Method: "GET" });
    }

    [Fact]
    public async Task CreateAsync_Rejected400_ThrowsWithoutRetrying()
    {
        await using var server = await CaptureServer.StartAsync(request => request.Path == "/v1/batches"
            ? new CaptureReply(400, """{"error":{"message":"Invalid endpoint","type":"invalid_request_error"}}""")
            : Answer(request, FileObject("file-1"), "{}"));
        var provider = BatchTestEndpoints.Provider(ProviderKind.OpenAI, server.Endpoint);

        var exception = await Assert.ThrowsAsync<BatchProviderException>(
            () => provider.CreateAsync(Key, "/v1/chat/completions", [BatchTestEndpoints.ChatLine("l1")]));

        Assert.Equal(400, exception.StatusCode);
        Assert.False(exception.IsTransient);
        Assert.Single(server.Requests, r => r.Path == "/v1/batches");
    }

    [Fact]
    public async Task CreateAsync_UnsupportedUrlOrTooManyLines_ThrowsWithoutCalling()
    {
        await using var server = await CaptureServer.StartAsync(_ => new CaptureReply(500, "{}"));
        var provider = BatchTestEndpoints.Provider(ProviderKind.OpenAI, server.Endpoint);

        await Assert.ThrowsAsync<ArgumentException>(() => provider.CreateAsync(Key, "/v1/messages", [BatchTestEndpoints.ChatLine("l1")]));
        await Assert.ThrowsAsync<ArgumentException>(() => provider.CreateAsync(Key, "/v1/chat/completions", []));
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task GetAsync_503ThenAnswer_RetriesOnce()
    {
        var calls = 0;
        await using var server = await CaptureServer.StartAsync(_ => Interlocked.Increment(ref calls) == 1
            ? new CaptureReply(503, """{"error":{"message":"busy"}}""")
            : new CaptureReply(200, OpenAIBatch("batch_1", "finalizing")));
        var provider = BatchTestEndpoints.Provider(ProviderKind.OpenAI, server.Endpoint);

        var batch = await provider.GetAsync("batch_1");

        Assert.Equal(ProviderBatchStatus.Finalizing, batch.Status);
        Assert.Equal(["/v1/batches/batch_1", "/v1/batches/batch_1"], server.Requests.Select(r => r.Path));
    }

    [Fact]
    public async Task GetAsync_UnknownBatch_ThrowsNotTransient()
    {
        await using var server = await CaptureServer.StartAsync(_ => new CaptureReply(404, """{"error":{"message":"No batch found","type":"invalid_request_error"}}"""));
        var provider = BatchTestEndpoints.Provider(ProviderKind.OpenAI, server.Endpoint);

        var exception = await Assert.ThrowsAsync<BatchProviderException>(() => provider.GetAsync("batch_nope"));

        Assert.Equal(404, exception.StatusCode);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task FindAsync_PagesNewestFirstUntilOlderThanTheWindow()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(long.Parse(BatchTestEndpoints.UnixNow(), System.Globalization.CultureInfo.InvariantCulture));
        var old = now - TimeSpan.FromHours(2);
        await using var server = await CaptureServer.StartAsync(request => request.Query switch
        {
            var q when q.Contains("after=batch_p1b", StringComparison.Ordinal) => new CaptureReply(200, ListPage(
                true,
                OpenAIBatch("batch_p2a", "completed", now - TimeSpan.FromMinutes(30), new BatchKey("job-1", 4, 1)),
                OpenAIBatch("batch_old", "completed", old, new BatchKey("job-1", 3, 1)))),
            var q when q.Contains("after=", StringComparison.Ordinal) => new CaptureReply(200, ListPage(false)),
            _ => new CaptureReply(200, ListPage(
                true,
                OpenAIBatch("batch_p1a", "in_progress", now, new BatchKey("job-2", 4, 2)),
                OpenAIBatch("batch_p1b", "in_progress", now - TimeSpan.FromMinutes(1), Key))),
        });
        var provider = BatchTestEndpoints.Provider(ProviderKind.OpenAI, server.Endpoint);

        var found = await provider.FindAsync(Key, now - TimeSpan.FromMinutes(5), 1);
        var other = await provider.FindAsync(new BatchKey("job-9", 4, 2), now - TimeSpan.FromMinutes(5), 1);

        Assert.Equal("batch_p1b", found?.Id);
        Assert.Null(other);
        Assert.Equal(4, server.Requests.Count); // two pages per search; the page holding an old batch ends it
    }

    [Fact]
    public async Task ReadResultsAsync_OutputThenErrorFile_StreamsEveryLine()
    {
        await using var server = await CaptureServer.StartAsync(request => request.Path switch
        {
            "/v1/files/file-out/content" => new CaptureReply(200,
                """{"id":"batch_req_1","custom_id":"l1","response":{"status_code":200,"request_id":"req_1","body":{"id":"chatcmpl-1","object":"chat.completion","usage":{"prompt_tokens":3,"completion_tokens":2}}},"error":null}""" + "\n" +
                "not json\n"),
            "/v1/files/file-err/content" => new CaptureReply(200,
                """{"id":"batch_req_2","custom_id":"l2","response":null,"error":{"code":"batch_expired","message":"expired"}}""" + "\n"),
            _ => new CaptureReply(404, "{}"),
        });
        var provider = BatchTestEndpoints.Provider(ProviderKind.OpenAI, server.Endpoint);
        var batch = new ProviderBatch("batch_1", ProviderBatchStatus.Expired, Key, 2, 1, 1, DateTimeOffset.UnixEpoch, null, "file-out", "file-err");

        var lines = await BatchTestEndpoints.ReadAllAsync(provider, batch);

        Assert.Equal(["l1", "l2"], lines.Select(l => l.CustomId));
        Assert.True(lines[0].Succeeded);
        Assert.Equal("req_1", lines[0].RequestId);
        Assert.True(lines[1].NeverRan);
        Assert.Equal(BatchErrorCodes.Expired, lines[1].ErrorCode);
    }

    [Fact]
    public async Task ReadResultsAsync_BatchStillRunning_Throws()
    {
        var provider = BatchTestEndpoints.Provider(ProviderKind.OpenAI, new Uri("http://127.0.0.1:9/v1"));
        var batch = new ProviderBatch("batch_1", ProviderBatchStatus.InProgress, Key, 2, 1, 0, DateTimeOffset.UnixEpoch, null);

        await Assert.ThrowsAsync<ArgumentException>(() => BatchTestEndpoints.ReadAllAsync(provider, batch));
    }

    private static CaptureReply Answer(CapturedRequest request, string file, string batch) => request.Path.EndsWith("/files", StringComparison.Ordinal)
        ? new CaptureReply(200, file)
        : new CaptureReply(200, batch);

    private static string FileObject(string id) =>
        $$$"""{"id":"{{{id}}}","object":"file","bytes":120,"created_at":1677610602,"filename":"batch-input.jsonl","purpose":"batch","status":"processed"}""";

    private static string OpenAIBatch(string id, string status, DateTimeOffset? createdAt = null, BatchKey? key = null)
    {
        var k = key ?? Key;
        var created = (createdAt ?? DateTimeOffset.FromUnixTimeSeconds(long.Parse(BatchTestEndpoints.UnixNow(), System.Globalization.CultureInfo.InvariantCulture))).ToUnixTimeSeconds();
        return $$$"""
            {"id":"{{{id}}}","object":"batch","endpoint":"/v1/chat/completions","input_file_id":"file-1","completion_window":"24h",
             "status":"{{{status}}}","created_at":{{{created}}},"expires_at":{{{created + 86400}}},
             "request_counts":{"total":1,"completed":0,"failed":0},
             "metadata":{"job_id":"{{{k.JobId}}}","shard":"{{{k.Shard}}}","attempt":"{{{k.Attempt}}}"}}
            """;
    }

    private static string AzureBatch(string id) => $$$"""
        {"cancelled_at":null,"completion_window":"24h","created_at":"2024-07-19T17:13:57.2491382+00:00","error_file_id":null,
         "expires_at":"2024-07-20T17:13:57.1918498+00:00","id":"{{{id}}}","input_file_id":"file-az1","errors":null,
         "metadata":{"job_id":"job-1","shard":"4","attempt":"2"},"object":"batch","output_file_id":null,
         "request_counts":{"total":null,"completed":null,"failed":null},"status":"Validating"}
        """;

    private static string ListPage(bool hasMore, params string[] batches)
    {
        var last = batches.Length == 0 ? "null" : JsonDocument.Parse(batches[^1]).RootElement.GetProperty("id").GetRawText();
        return $$$"""{"object":"list","data":[{{{string.Join(",", batches)}}}],"first_id":null,"last_id":{{{last}}},"has_more":{{{(hasMore ? "true" : "false")}}}}""";
    }
}
