using System.Text;
using System.Text.Json;
using BatchInference.Providers.Batches;
using BatchInference.Providers.Tests.Infrastructure;

namespace BatchInference.Providers.Tests.Batches;

/// <summary>The Anthropic Message Batches client against a capture server: exact requests, chosen failures.</summary>
public sealed partial class AnthropicBatchProviderTests
{
    private static readonly BatchKey Key = new("job-a", 2, 1);

    [Fact]
    public async Task CreateAsync_Lines_PostsRequestsWithEachBodyAsParamsAndAnthropicHeaders()
    {
        await using var server = await CaptureServer.StartAsync(_ => new CaptureReply(200, MessageBatch("msgbatch_1", "in_progress", DateTimeOffset.UnixEpoch, processing: 2)));
        var provider = BatchTestEndpoints.Provider(ProviderKind.Anthropic, new Uri(server.BaseAddress, "v1"), "sk-ant-test");
        const string body = """{"model":"claude-sonnet-4-5","max_tokens":16,"x_future_field":{"keep":[1,2.50,null]},"messages":[{"role":"user","content":"h\u00e9llo"}]}""";

        var batch = await provider.CreateAsync(Key, "/v1/messages", [new BatchInputLine("l1", Encoding.UTF8.GetBytes(body)), BatchTestEndpoints.MessageLine("l2")]);

        Assert.Equal("msgbatch_1", batch.Id);
        Assert.Equal(Key, batch.Key);
        Assert.Equal(2, batch.Total);
        var request = Assert.Single(server.Requests);
        Assert.Equal("/v1/messages/batches", request.Path);
        Assert.Equal("sk-ant-test", request.Headers["x-api-key"]);
        Assert.Equal("2023-06-01", request.Headers["anthropic-version"]);
        Assert.False(request.Headers.ContainsKey("Authorization"));
        using var sent = JsonDocument.Parse(request.Body);
        var requests = sent.RootElement.GetProperty("requests");
        Assert.Equal(["l1", "l2"], requests.EnumerateArray().Select(r => r.GetProperty("custom_id").GetString()));
        using var original = JsonDocument.Parse(body);
        Assert.True(JsonElement.DeepEquals(original.RootElement, requests[0].GetProperty("params")), requests[0].GetProperty("params").GetRawText());
    }

    [Fact]
    public async Task CreateAsync_ConfiguredVersion_ReplacesTheSdkDefault()
    {
        await using var server = await CaptureServer.StartAsync(_ => new CaptureReply(200, MessageBatch("msgbatch_1", "in_progress", DateTimeOffset.UnixEpoch, processing: 1)));
        var options = BatchTestEndpoints.Options(ProviderKind.Anthropic, server.BaseAddress);
        options.AnthropicVersion = "2099-01-01";
        var provider = BatchProviders.Create(options, TimeProvider.System);

        await provider.CreateAsync(Key, "/v1/messages", [BatchTestEndpoints.MessageLine("l1")]);

        var request = Assert.Single(server.Requests);
        Assert.Equal("/v1/messages/batches", request.Path); // a base address without /v1 works too
        Assert.Equal("2099-01-01", request.Headers["anthropic-version"]);
        Assert.False(request.Headers.ContainsKey("x-api-key"));
        Assert.False(request.Headers.ContainsKey("Authorization"));
    }

    [Fact]
    public async Task CreateAsync_OtherUrl_ThrowsWithoutCalling()
    {
        var provider = BatchTestEndpoints.Provider(ProviderKind.Anthropic, new Uri("http://127.0.0.1:9/v1"));

        Assert.False(provider.Supports("/v1/chat/completions"));
        await Assert.ThrowsAsync<ArgumentException>(() => provider.CreateAsync(Key, "/v1/chat/completions", [BatchTestEndpoints.MessageLine("l1")]));
    }

    [Fact]
    public async Task CreateAsync_CreateAnswers529ButTheBatchExists_AdoptsIt()
    {
        var creates = 0;
        var now = TimeProvider.System.GetUtcNow();
        await using var server = await CaptureServer.StartAsync(request => request switch
        {
            { Method: "POST" } when Interlocked.Increment(ref creates) == 1 =>
                new CaptureReply(529, """{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"""),
            { Method: "GET" } => new CaptureReply(200, ListPage(false, MessageBatch("msgbatch_made", "in_progress", now + TimeSpan.FromSeconds(1), processing: 1))),
            _ => new CaptureReply(200, MessageBatch("msgbatch_second", "in_progress", now, processing: 1)),
        });
        var provider = BatchTestEndpoints.Provider(ProviderKind.Anthropic, new Uri(server.BaseAddress, "v1"));

        var batch = await provider.CreateAsync(Key, "/v1/messages", [BatchTestEndpoints.MessageLine("l1")]);

        Assert.Equal("msgbatch_made", batch.Id);
        Assert.Equal(1, creates);
    }

    [Fact]
    public async Task FindAsync_ExactlyOneBatchWithTheLineCountSinceNotBefore_ReturnsIt()
    {
        var notBefore = new DateTimeOffset(2026, 5, 1, 12, 0, 0, TimeSpan.Zero);
        await using var server = await CaptureServer.StartAsync(request => request.Query.Contains("after_id=msgbatch_p1b", StringComparison.Ordinal)
            ? new CaptureReply(200, ListPage(true, MessageBatch("msgbatch_p2a", "ended", notBefore - TimeSpan.FromMinutes(5), succeeded: 3)))
            : new CaptureReply(200, ListPage(
                true,
                MessageBatch("msgbatch_p1a", "in_progress", notBefore + TimeSpan.FromMinutes(3), processing: 5),
                MessageBatch("msgbatch_p1b", "in_progress", notBefore + TimeSpan.FromMinutes(1), processing: 3))));
        var provider = BatchTestEndpoints.Provider(ProviderKind.Anthropic, new Uri(server.BaseAddress, "v1"));

        var found = await provider.FindAsync(Key, notBefore, 3);
        var none = await provider.FindAsync(Key, notBefore, 4);

        Assert.Equal("msgbatch_p1b", found?.Id);
        Assert.Equal(Key, found?.Key);
        Assert.Null(none);
        Assert.Equal(4, server.Requests.Count); // the second page reaches before notBefore and ends each search
        Assert.Contains("limit=100", server.Requests.First().Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FindAsync_TwoCandidates_ReturnsNull()
    {
        var notBefore = new DateTimeOffset(2026, 5, 1, 12, 0, 0, TimeSpan.Zero);
        await using var server = await CaptureServer.StartAsync(_ => new CaptureReply(200, ListPage(
            false,
            MessageBatch("msgbatch_a", "in_progress", notBefore + TimeSpan.FromMinutes(2), processing: 3),
            MessageBatch("msgbatch_b", "in_progress", notBefore + TimeSpan.FromMinutes(1), processing: 3))));
        var provider = BatchTestEndpoints.Provider(ProviderKind.Anthropic, new Uri(server.BaseAddress, "v1"));

        Assert.Null(await provider.FindAsync(Key, notBefore, 3));
    }

    [Fact]
    public async Task ReadResultsAsync_ResultsFile_MapsEveryResultType()
    {
        const string message = """{"id":"msg_1","type":"message","role":"assistant","content":[{"type":"text","text":"hi"}],"usage":{"input_tokens":4,"output_tokens":1}}""";
        await using var server = await CaptureServer.StartAsync(request => request.Path == "/v1/messages/batches/msgbatch_1/results"
            ? new CaptureReply(200, string.Join("\n",
                $$$"""{"custom_id":"l1","result":{"type":"succeeded","message":{{{message}}}}}""",
                """{"custom_id":"l2","result":{"type":"errored","error":{"type":"error","error":{"type":"invalid_request_error","message":"bad"}}}}""",
                """{"custom_id":"l3","result":{"type":"canceled"}}""",
                """{"custom_id":"l4","result":{"type":"expired"}}""") + "\n")
            : new CaptureReply(404, "{}"));
        var provider = BatchTestEndpoints.Provider(ProviderKind.Anthropic, new Uri(server.BaseAddress, "v1"));
        var batch = new ProviderBatch("msgbatch_1", ProviderBatchStatus.Cancelled, Key, 4, 1, 1, DateTimeOffset.UnixEpoch, null);

        var lines = await BatchTestEndpoints.ReadAllAsync(provider, batch);

        Assert.Equal(["l1", "l2", "l3", "l4"], lines.Select(l => l.CustomId));
        Assert.Equal(message, Encoding.UTF8.GetString(lines[0].Body.Span));
        Assert.Equal([null, "invalid_request_error", BatchErrorCodes.Cancelled, BatchErrorCodes.Expired], lines.Select(l => l.ErrorCode));
        Assert.Equal([200, 400, null, null], lines.Select(l => l.StatusCode));
    }

    [Fact]
    public async Task GetAsync_UnknownBatch_ThrowsWithTheStatus()
    {
        await using var server = await CaptureServer.StartAsync(_ => new CaptureReply(404, """{"type":"error","error":{"type":"not_found_error","message":"Not found"}}"""));
        var provider = BatchTestEndpoints.Provider(ProviderKind.Anthropic, new Uri(server.BaseAddress, "v1"));

        var exception = await Assert.ThrowsAsync<BatchProviderException>(() => provider.GetAsync("msgbatch_nope"));

        Assert.Equal(404, exception.StatusCode);
        Assert.Single(server.Requests);
    }

    private static string MessageBatch(
        string id, string status, DateTimeOffset createdAt, int processing = 0, int succeeded = 0, int canceled = 0, int expired = 0) => $$"""
        {"id":"{{id}}","type":"message_batch","processing_status":"{{status}}",
         "request_counts":{"processing":{{processing}},"succeeded":{{succeeded}},"errored":0,"canceled":{{canceled}},"expired":{{expired}}},
         "created_at":"{{createdAt:O}}","expires_at":"{{createdAt.AddDays(1):O}}","ended_at":null,"archived_at":null,
         "cancel_initiated_at":null,"results_url":null}
        """;

    private static string ListPage(bool hasMore, params string[] batches)
    {
        var first = batches.Length == 0 ? "null" : JsonDocument.Parse(batches[0]).RootElement.GetProperty("id").GetRawText();
        var last = batches.Length == 0 ? "null" : JsonDocument.Parse(batches[^1]).RootElement.GetProperty("id").GetRawText();
        return $$$"""{"data":[{{{string.Join(",", batches)}}}],"has_more":{{{(hasMore ? "true" : "false")}}},"first_id":{{{first}}},"last_id":{{{last}}}}""";
    }
}
