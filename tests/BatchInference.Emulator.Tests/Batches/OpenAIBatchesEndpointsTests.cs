using System.Net;
using System.Text.Json;
using BatchInference.Testing;
using Microsoft.Extensions.Time.Testing;

namespace BatchInference.Emulator.Tests.Batches;

public sealed partial class OpenAIBatchesEndpointsTests
{
    private static readonly DateTimeOffset Now = new(2026, 5, 4, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Create_ValidChatFile_MovesThroughEveryPhaseOnTheClockAndBillsEachLineOnce()
    {
        var clock = new FakeTimeProvider(Now);
        await using var server = await TestEmulator.StartAsync(
            o =>
            {
                o.BatchValidationTime = TimeSpan.FromSeconds(2);
                o.BatchLinesPerSecond = 10;
                o.BatchFinalizationTime = TimeSpan.FromSeconds(3);
            },
            clock);
        using var client = TestEmulator.Client(server);
        var id = await BatchHttp.StartBatchAsync(client, BatchHttp.ChatFile(4), new Dictionary<string, string> { ["job_id"] = "j1" });

        var validating = await GetBatchAsync(client, id);
        clock.Advance(TimeSpan.FromSeconds(2));
        var started = await GetBatchAsync(client, id);
        clock.Advance(TimeSpan.FromMilliseconds(250));
        var halfway = await GetBatchAsync(client, id);
        clock.Advance(TimeSpan.FromMilliseconds(200));
        var finalizing = await GetBatchAsync(client, id);
        clock.Advance(TimeSpan.FromSeconds(3));
        var completed = await GetBatchAsync(client, id);

        Assert.StartsWith("batch_", id);
        Assert.Equal(("validating", 0), (Status(validating), Counts(validating).Total));
        Assert.Equal(Now.ToUnixTimeSeconds(), validating.GetProperty("created_at").GetInt64());
        Assert.Equal(Now.AddSeconds(24).ToUnixTimeSeconds(), validating.GetProperty("expires_at").GetInt64()); // 24 h / 3600
        Assert.Equal(JsonValueKind.Null, validating.GetProperty("in_progress_at").ValueKind);
        Assert.Equal("j1", validating.GetProperty("metadata").GetProperty("job_id").GetString());
        Assert.Equal(("in_progress", 4, 0), (Status(started), Counts(started).Total, Counts(started).Completed));
        Assert.Equal(Now.AddSeconds(2).ToUnixTimeSeconds(), started.GetProperty("in_progress_at").GetInt64());
        Assert.Equal(("in_progress", 2), (Status(halfway), Counts(halfway).Completed));
        Assert.Equal("finalizing", Status(finalizing));
        Assert.Equal(JsonValueKind.Null, finalizing.GetProperty("output_file_id").ValueKind);
        Assert.Equal("completed", Status(completed));
        Assert.Equal((4, 4, 0), Counts(completed));
        Assert.Equal(finalizing.GetProperty("finalizing_at").GetInt64() + 3, completed.GetProperty("completed_at").GetInt64());
        Assert.Equal(JsonValueKind.Null, completed.GetProperty("error_file_id").ValueKind);
        Assert.Equal("gpt-4o-mini", completed.GetProperty("model").GetString());

        var output = await BatchHttp.FileLinesAsync(client, completed.GetProperty("output_file_id"));
        var billed = server.RequestLog.Snapshot().Where(r => r.Billable).ToList();
        Assert.Equal(["line-1", "line-2", "line-3", "line-4"], output.Select(l => l.GetProperty("custom_id").GetString()));
        Assert.All(output, line => Assert.Equal(200, line.GetProperty("response").GetProperty("status_code").GetInt32()));
        Assert.All(output, line => Assert.Equal(JsonValueKind.Null, line.GetProperty("error").ValueKind));
        Assert.All(output, line => Assert.StartsWith("batch_req_", line.GetProperty("id").GetString()));
        Assert.Equal(["line-1", "line-2", "line-3", "line-4"], billed.Select(r => r.ClientRequestId));
        Assert.All(billed, r => Assert.Equal((EmulatorTiers.Batch, EmulatorProviders.OpenAI, id, "/v1/chat/completions"), (r.Tier, r.Provider, r.BatchId, r.Path)));
        Assert.Equal(billed.Select(r => r.RequestId), output.Select(l => l.GetProperty("response").GetProperty("request_id").GetString()));
        Assert.Equal(billed.Sum(r => r.PromptTokens), completed.GetProperty("usage").GetProperty("input_tokens").GetInt64());
        Assert.Equal(billed.Sum(r => r.CompletionTokens), completed.GetProperty("usage").GetProperty("output_tokens").GetInt64());

        clock.Advance(TimeSpan.FromHours(1));
        await GetBatchAsync(client, id);
        Assert.Equal(4, server.RequestLog.BillableCount);
    }

    [Fact]
    public async Task Create_SameBodyAsRealtime_AnswersWithTheRealtimeReply()
    {
        var clock = new FakeTimeProvider(Now);
        await using var server = await TestEmulator.StartAsync(time: clock);
        using var client = TestEmulator.Client(server);
        var line = BatchHttp.ChatLine("only", "What is the capital of France?");
        var id = await BatchHttp.StartBatchAsync(client, BatchHttp.Jsonl([line]));
        clock.Advance(TimeSpan.FromMinutes(1));

        var output = Assert.Single(await BatchHttp.FileLinesAsync(client, (await GetBatchAsync(client, id)).GetProperty("output_file_id")));
        using var realtime = await TestEmulator.PostJsonAsync(
            client, "v1/chat/completions", JsonDocument.Parse(line).RootElement.GetProperty("body").GetRawText());

        var batchReply = output.GetProperty("response").GetProperty("body").GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString();
        var realtimeReply = (await TestEmulator.ReadJsonAsync(realtime)).GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString();
        Assert.EndsWith("to: What is the capital of France?", batchReply);
        Assert.Equal(realtimeReply, batchReply);
        await Poll.UntilAsync(() => server.RequestLog.BillableCount == 2, "the real-time call to be logged");
        Assert.Equal([EmulatorTiers.Batch, EmulatorTiers.Realtime], server.RequestLog.Snapshot().Where(r => r.Billable).Select(r => r.Tier));
    }

    [Fact]
    public async Task Create_EmbeddingsFile_OutputsEmbeddingLists()
    {
        var clock = new FakeTimeProvider(Now);
        await using var server = await TestEmulator.StartAsync(time: clock);
        using var client = TestEmulator.Client(server);
        var jsonl = BatchHttp.Jsonl(Enumerable.Range(1, 2).Select(i => JsonSerializer.Serialize(new
        {
            custom_id = $"e{i}",
            method = "POST",
            url = "/v1/embeddings",
            body = new { model = "text-embedding-3-small", input = $"text {i}", dimensions = 8 },
        })));
        var batch = await BatchHttp.CreateBatchAsync(client, await BatchHttp.UploadIdAsync(client, jsonl), "/v1/embeddings");
        clock.Advance(TimeSpan.FromMinutes(1));

        var completed = await GetBatchAsync(client, batch.GetProperty("id").GetString()!);
        var output = await BatchHttp.FileLinesAsync(client, completed.GetProperty("output_file_id"));

        Assert.Equal("/v1/embeddings", completed.GetProperty("endpoint").GetString());
        Assert.Equal(2, output.Count);
        Assert.All(output, l => Assert.Equal(8, l.GetProperty("response").GetProperty("body").GetProperty("data")[0].GetProperty("embedding").GetArrayLength()));
        Assert.Equal(2, server.RequestLog.Snapshot().Count(r => r.Billable && r.Path == "/v1/embeddings" && r.Tier == EmulatorTiers.Batch));
    }

    [Fact]
    public async Task Create_LineTheEndpointRefuses_PutsThatLineInTheErrorFileUnbilled()
    {
        var clock = new FakeTimeProvider(Now);
        await using var server = await TestEmulator.StartAsync(time: clock);
        using var client = TestEmulator.Client(server);
        var noMessages = """{"custom_id":"bad","method":"POST","url":"/v1/chat/completions","body":{"model":"gpt-4o-mini","x_unknown":true}}""";
        var id = await BatchHttp.StartBatchAsync(client, BatchHttp.Jsonl([BatchHttp.ChatLine("a", "one"), noMessages, BatchHttp.ChatLine("c", "three")]));
        clock.Advance(TimeSpan.FromMinutes(1));

        var completed = await GetBatchAsync(client, id);
        var output = await BatchHttp.FileLinesAsync(client, completed.GetProperty("output_file_id"));
        var errors = await BatchHttp.FileLinesAsync(client, completed.GetProperty("error_file_id"));

        Assert.Equal("completed", Status(completed));
        Assert.Equal((3, 2, 1), Counts(completed));
        Assert.Equal(["a", "c"], output.Select(l => l.GetProperty("custom_id").GetString()));
        var failed = Assert.Single(errors);
        Assert.Equal("bad", failed.GetProperty("custom_id").GetString());
        Assert.Equal(400, failed.GetProperty("response").GetProperty("status_code").GetInt32());
        Assert.Equal("messages", failed.GetProperty("response").GetProperty("body").GetProperty("error").GetProperty("param").GetString());
        Assert.Equal(2, server.RequestLog.BillableCount);
        Assert.Contains(server.RequestLog.Snapshot(), r => r is { ClientRequestId: "bad", StatusCode: 400, Billable: false, Tier: EmulatorTiers.Batch });
    }

    [Fact]
    public async Task Create_InvalidLines_FailsAfterValidationWithEveryErrorAndItsLine()
    {
        var clock = new FakeTimeProvider(Now);
        await using var server = await TestEmulator.StartAsync(o => o.BatchValidationTime = TimeSpan.FromSeconds(5), clock);
        using var client = TestEmulator.Client(server);
        string[] lines =
        [
            BatchHttp.ChatLine("a", "fine"),
            "{not json",
            BatchHttp.ChatLine("a", "duplicate id"),
            BatchHttp.ChatLine("d", "fine").Replace("\"POST\"", "\"GET\"", StringComparison.Ordinal),
            BatchHttp.ChatLine("e", "wrong url", url: "/v1/embeddings"),
            BatchHttp.ChatLine("f", "other model", model: "gpt-4o"),
            """{"method":"POST","url":"/v1/chat/completions","body":{"model":"gpt-4o-mini"}}""",
        ];
        var id = await BatchHttp.StartBatchAsync(client, BatchHttp.Jsonl(lines));

        clock.Advance(TimeSpan.FromSeconds(4));
        var stillValidating = await GetBatchAsync(client, id);
        clock.Advance(TimeSpan.FromSeconds(1));
        var failed = await GetBatchAsync(client, id);

        Assert.Equal(("validating", JsonValueKind.Null), (Status(stillValidating), stillValidating.GetProperty("errors").ValueKind));
        Assert.Equal("failed", Status(failed));
        Assert.Equal(Now.AddSeconds(5).ToUnixTimeSeconds(), failed.GetProperty("failed_at").GetInt64());
        Assert.Equal("list", failed.GetProperty("errors").GetProperty("object").GetString());
        Assert.Equal(
            [("invalid_json_line", 2), ("duplicate_custom_id", 3), ("invalid_value", 4), ("invalid_url", 5), ("mismatched_model", 6), ("missing_required_parameter", 7)],
            failed.GetProperty("errors").GetProperty("data").EnumerateArray().Select(e => (e.GetProperty("code").GetString(), e.GetProperty("line").GetInt32())));
        Assert.Equal((0, 0, 0), Counts(failed));
        Assert.Equal(JsonValueKind.Null, failed.GetProperty("output_file_id").ValueKind);
        Assert.Equal(0, server.RequestLog.BillableCount);
    }

    [Fact]
    public async Task Create_MoreLinesThanTheProfileAllows_FailsWithMaxRequestsExceeded()
    {
        var clock = new FakeTimeProvider(Now);
        await using var server = await TestEmulator.StartAsync(o => o.BatchMaxLines = 2, clock);
        using var client = TestEmulator.Client(server);
        var id = await BatchHttp.StartBatchAsync(client, BatchHttp.ChatFile(3));
        clock.Advance(TimeSpan.FromMinutes(1));

        var failed = await GetBatchAsync(client, id);

        Assert.Equal("failed", Status(failed));
        var error = Assert.Single(failed.GetProperty("errors").GetProperty("data").EnumerateArray());
        Assert.Equal("max_requests_exceeded", error.GetProperty("code").GetString());
        Assert.Equal(0, server.RequestLog.BillableCount);
    }

    [Theory]
    [InlineData("""{"endpoint":"/v1/chat/completions","completion_window":"24h"}""", "input_file_id", "missing_required_parameter")]
    [InlineData("""{"input_file_id":"FILE","endpoint":"/v1/chat/completions","completion_window":"1h"}""", "completion_window", "invalid_value")]
    [InlineData("""{"input_file_id":"FILE","endpoint":"/v1/responses","completion_window":"24h"}""", "endpoint", "unsupported_value")]
    [InlineData("""{"input_file_id":"file-missing","endpoint":"/v1/chat/completions","completion_window":"24h"}""", "input_file_id", "invalid_value")]
    [InlineData("""{"input_file_id":"FILE","endpoint":"/v1/chat/completions","completion_window":"24h","metadata":{"k":1}}""", "metadata.k", "invalid_type")]
    public async Task Create_InvalidRequest_Answers400WithParamAndCode(string body, string param, string code)
    {
        await using var server = await TestEmulator.StartAsync();
        using var client = TestEmulator.Client(server);
        var fileId = await BatchHttp.UploadIdAsync(client, BatchHttp.ChatFile(1));

        using var response = await TestEmulator.PostJsonAsync(client, "v1/batches", body.Replace("FILE", fileId, StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await TestEmulator.ReadJsonAsync(response)).GetProperty("error");
        Assert.Equal((param, code), (error.GetProperty("param").GetString(), error.GetProperty("code").GetString()));
        Assert.Empty((await BatchHttp.GetJsonAsync(client, "v1/batches")).GetProperty("data").EnumerateArray());
    }

    [Fact]
    public async Task Create_SeventeenMetadataPairs_Answers400()
    {
        await using var server = await TestEmulator.StartAsync();
        using var client = TestEmulator.Client(server);
        var fileId = await BatchHttp.UploadIdAsync(client, BatchHttp.ChatFile(1));
        var metadata = Enumerable.Range(0, 17).ToDictionary(i => $"k{i}", i => "v");

        using var tooMany = await TestEmulator.PostJsonAsync(
            client, "v1/batches", JsonSerializer.Serialize(new { input_file_id = fileId, endpoint = "/v1/chat/completions", completion_window = "24h", metadata }));
        metadata.Remove("k16");
        var sixteen = await BatchHttp.CreateBatchAsync(client, fileId, metadata: metadata);

        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.Equal("object_above_max_properties", (await TestEmulator.ReadJsonAsync(tooMany)).GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(16, sixteen.GetProperty("metadata").EnumerateObject().Count());
    }

    [Fact]
    public async Task List_SeveralBatches_NewestFirstPagedWithAfterAndLimit()
    {
        await using var server = await TestEmulator.StartAsync(time: new FakeTimeProvider(Now));
        using var client = TestEmulator.Client(server);
        var ids = new List<string>();
        for (var shard = 0; shard < 3; shard++)
        {
            ids.Add(await BatchHttp.StartBatchAsync(client, BatchHttp.ChatFile(1), new Dictionary<string, string> { ["shard"] = $"{shard}" }));
        }

        var first = await BatchHttp.GetJsonAsync(client, "v1/batches?limit=2");
        var second = await BatchHttp.GetJsonAsync(client, $"v1/batches?limit=2&after={first.GetProperty("last_id").GetString()}");
        var defaults = await BatchHttp.GetJsonAsync(client, "v1/batches");

        Assert.Equal("list", first.GetProperty("object").GetString());
        Assert.Equal([ids[2], ids[1]], first.GetProperty("data").EnumerateArray().Select(b => b.GetProperty("id").GetString()));
        Assert.Equal((ids[2], ids[1], true), (first.GetProperty("first_id").GetString(), first.GetProperty("last_id").GetString(), first.GetProperty("has_more").GetBoolean()));
        Assert.Equal([ids[0]], second.GetProperty("data").EnumerateArray().Select(b => b.GetProperty("id").GetString()));
        Assert.False(second.GetProperty("has_more").GetBoolean());
        Assert.Equal(["2", "1", "0"], defaults.GetProperty("data").EnumerateArray().Select(b => b.GetProperty("metadata").GetProperty("shard").GetString()));
        await BatchHttp.GetJsonAsync(client, "v1/batches?limit=101", HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Get_UnknownBatch_Answers404()
    {
        await using var server = await TestEmulator.StartAsync();
        using var client = TestEmulator.Client(server);

        var error = (await BatchHttp.GetJsonAsync(client, "v1/batches/batch_nope", HttpStatusCode.NotFound)).GetProperty("error");

        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Create_OnTheSystemClock_TheBackgroundLoopFinishesTheBatchWithoutReads()
    {
        await using var server = await TestEmulator.StartAsync(o =>
        {
            o.BatchValidationTime = TimeSpan.FromMilliseconds(20);
            o.BatchFinalizationTime = TimeSpan.FromMilliseconds(20);
        });
        using var client = TestEmulator.Client(server);

        var id = await BatchHttp.StartBatchAsync(client, BatchHttp.ChatFile(5));
        await Poll.UntilAsync(() => server.RequestLog.BillableCount == 5, "the timer to answer every line");
        await Poll.UntilAsync(async () => Status(await GetBatchAsync(client, id)) == "completed", "the batch to complete", interval: TimeSpan.FromMilliseconds(20));

        Assert.Equal(5, server.RequestLog.BillableCount);
    }

    internal static Task<JsonElement> GetBatchAsync(HttpClient client, string id) => BatchHttp.GetJsonAsync(client, $"v1/batches/{id}");

    internal static string? Status(JsonElement batch) => batch.GetProperty("status").GetString();

    internal static (int Total, int Completed, int Failed) Counts(JsonElement batch)
    {
        var counts = batch.GetProperty("request_counts");
        return (counts.GetProperty("total").GetInt32(), counts.GetProperty("completed").GetInt32(), counts.GetProperty("failed").GetInt32());
    }
}
