using System.Globalization;
using System.Net;
using System.Text.Json;
using BatchInference.Emulator.Tests.Batches;
using BatchInference.Emulator.Usage;
using Microsoft.Extensions.Time.Testing;

namespace BatchInference.Emulator.Tests.Anthropic;

public sealed class MessageBatchesEndpointsTests
{
    private static readonly DateTimeOffset Now = new(2026, 5, 4, 10, 0, 0, TimeSpan.Zero);
    private static readonly UsagePrice Haiku = new("claude-haiku-3-5", 0.80m, 0.08m, 4m);

    [Fact]
    public async Task Create_TwoRequests_ProcessesThemAndEndsWithSucceededAndErroredResults()
    {
        var clock = new FakeTimeProvider(Now);
        await using var server = await TestEmulator.StartAsync(o => o.Prices = [Haiku], clock);
        using var client = TestEmulator.Client(server);
        var body = Requests(("ok-1", """{"model":"claude-haiku-3-5","max_tokens":64,"messages":[{"role":"user","content":"Hello there"}]}"""),
            ("bad-2", """{"model":"claude-haiku-3-5","messages":[{"role":"user","content":"no max_tokens"}]}"""));

        var created = await BatchHttp.AnthropicJsonAsync(client, HttpMethod.Post, "v1/messages/batches", body);
        var id = created.GetProperty("id").GetString()!;
        clock.Advance(TimeSpan.FromSeconds(5));
        var ended = await BatchHttp.AnthropicJsonAsync(client, HttpMethod.Get, $"v1/messages/batches/{id}");

        Assert.StartsWith("msgbatch_", id);
        Assert.Equal(("message_batch", "in_progress"), (created.GetProperty("type").GetString(), created.GetProperty("processing_status").GetString()));
        Assert.Equal((2, 0, 0), (Count(created, "processing"), Count(created, "succeeded"), Count(created, "errored")));
        Assert.Equal(JsonValueKind.Null, created.GetProperty("results_url").ValueKind);
        Assert.Equal("2026-05-04T10:00:00.000000Z", created.GetProperty("created_at").GetString());
        Assert.Equal("2026-05-04T10:00:24.000000Z", created.GetProperty("expires_at").GetString());
        Assert.Equal("ended", ended.GetProperty("processing_status").GetString());
        Assert.Equal((0, 1, 1, 0, 0), (Count(ended, "processing"), Count(ended, "succeeded"), Count(ended, "errored"), Count(ended, "canceled"), Count(ended, "expired")));
        Assert.Equal(JsonValueKind.String, ended.GetProperty("ended_at").ValueKind);

        var results = await ResultsAsync(client, ended);
        Assert.Equal(("ok-1", "succeeded"), Result(results[0]));
        var message = results[0].GetProperty("result").GetProperty("message");
        Assert.Equal("batch", message.GetProperty("usage").GetProperty("service_tier").GetString());
        Assert.EndsWith("to: Hello there", message.GetProperty("content")[0].GetProperty("text").GetString());
        Assert.Equal(("bad-2", "errored"), Result(results[1]));
        var error = results[1].GetProperty("result").GetProperty("error");
        Assert.Equal(("error", "invalid_request_error"), (error.GetProperty("type").GetString(), error.GetProperty("error").GetProperty("type").GetString()));
        var billed = Assert.Single(server.RequestLog.Snapshot(), r => r.Billable);
        Assert.Equal(("ok-1", EmulatorTiers.Batch, EmulatorProviders.Anthropic, id), (billed.ClientRequestId, billed.Tier, billed.Provider, billed.BatchId));

        var usage = await BatchHttp.AnthropicJsonAsync(
            client, HttpMethod.Get, "v1/organizations/usage_report/messages?starting_at=2026-05-04T00:00:00Z&group_by[]=model&group_by[]=service_tier");
        var cost = await BatchHttp.AnthropicJsonAsync(
            client, HttpMethod.Get, "v1/organizations/cost_report?starting_at=2026-05-04T00:00:00Z&group_by[]=description");
        var usageResult = Assert.Single(Assert.Single(usage.GetProperty("data").EnumerateArray()).GetProperty("results").EnumerateArray());
        Assert.Equal("batch", usageResult.GetProperty("service_tier").GetString());
        Assert.Equal(billed.CompletionTokens, usageResult.GetProperty("output_tokens").GetInt64());
        var outputCost = Assert.Single(Assert.Single(cost.GetProperty("data").EnumerateArray()).GetProperty("results").EnumerateArray(), r => r.GetProperty("token_type").GetString() == "output_tokens");
        Assert.Equal("batch", outputCost.GetProperty("service_tier").GetString());
        Assert.Equal(billed.CompletionTokens * Haiku.OutputPerMillion / 1_000_000m * 100m * 0.5m, decimal.Parse(outputCost.GetProperty("amount").GetString()!, CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("""{"requests":[]}""")]
    [InlineData("""{"requests":[{"custom_id":"has space","params":{}}]}""")]
    [InlineData("""{"requests":[{"custom_id":"a","params":{}},{"custom_id":"a","params":{}}]}""")]
    [InlineData("""{"requests":[{"custom_id":"a"}]}""")]
    [InlineData("""{"other":1}""")]
    public async Task Create_InvalidBatch_Answers400AndCreatesNothing(string body)
    {
        await using var server = await TestEmulator.StartAsync();
        using var client = TestEmulator.Client(server);

        var error = await BatchHttp.AnthropicJsonAsync(client, HttpMethod.Post, "v1/messages/batches", body, HttpStatusCode.BadRequest);

        Assert.Equal("invalid_request_error", error.GetProperty("error").GetProperty("type").GetString());
        Assert.Empty((await BatchHttp.AnthropicJsonAsync(client, HttpMethod.Get, "v1/messages/batches")).GetProperty("data").EnumerateArray());
    }

    [Fact]
    public async Task Create_MoreRequestsThanTheProfileAllows_Answers400()
    {
        await using var server = await TestEmulator.StartAsync(o => o.AnthropicBatchMaxRequests = 2);
        using var client = TestEmulator.Client(server);
        var body = Requests([.. Enumerable.Range(1, 3).Select(i => ($"r{i}", """{"model":"claude-haiku-3-5","max_tokens":5,"messages":[{"role":"user","content":"x"}]}"""))]);

        var error = await BatchHttp.AnthropicJsonAsync(client, HttpMethod.Post, "v1/messages/batches", body, HttpStatusCode.BadRequest);

        Assert.Contains("between 1 and 2", error.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task Create_BodyOverTheByteLimit_Answers413RequestTooLarge()
    {
        await using var server = await TestEmulator.StartAsync(o => o.AnthropicBatchMaxBytes = 200);
        using var client = TestEmulator.Client(server);
        var body = Requests([.. Enumerable.Range(1, 5).Select(i => ($"r{i}", """{"model":"claude-haiku-3-5","max_tokens":5,"messages":[{"role":"user","content":"x"}]}"""))]);

        var error = await BatchHttp.AnthropicJsonAsync(client, HttpMethod.Post, "v1/messages/batches", body, HttpStatusCode.RequestEntityTooLarge);

        Assert.Equal("request_too_large", error.GetProperty("error").GetProperty("type").GetString());
    }

    [Fact]
    public async Task Cancel_InProgress_EndsWithTheAnsweredRequestsAndTheRestCanceled()
    {
        var clock = new FakeTimeProvider(Now);
        await using var server = await TestEmulator.StartAsync(o => { o.BatchLinesPerSecond = 1; o.BatchCancelTime = TimeSpan.FromSeconds(2); }, clock);
        using var client = TestEmulator.Client(server);
        var id = await CreateAsync(client, 4);
        clock.Advance(TimeSpan.FromSeconds(2));

        var canceling = await BatchHttp.AnthropicJsonAsync(client, HttpMethod.Post, $"v1/messages/batches/{id}/cancel");
        clock.Advance(TimeSpan.FromSeconds(2));
        var ended = await BatchHttp.AnthropicJsonAsync(client, HttpMethod.Get, $"v1/messages/batches/{id}");
        var again = await BatchHttp.AnthropicJsonAsync(client, HttpMethod.Post, $"v1/messages/batches/{id}/cancel", expected: HttpStatusCode.BadRequest);

        Assert.Equal(("canceling", "2026-05-04T10:00:02.000000Z"), (canceling.GetProperty("processing_status").GetString(), canceling.GetProperty("cancel_initiated_at").GetString()));
        Assert.Equal(4, Count(canceling, "processing"));
        Assert.Equal(("ended", 2, 2), (ended.GetProperty("processing_status").GetString(), Count(ended, "succeeded"), Count(ended, "canceled")));
        var results = await ResultsAsync(client, ended);
        Assert.Equal([("r1", "succeeded"), ("r2", "succeeded"), ("r3", "canceled"), ("r4", "canceled")], results.Select(Result));
        Assert.Equal(2, server.RequestLog.BillableCount);
        Assert.Equal("invalid_request_error", again.GetProperty("error").GetProperty("type").GetString());
    }

    [Fact]
    public async Task Stall_UntilTheWindowCloses_EndsWithEveryRequestExpired()
    {
        var clock = new FakeTimeProvider(Now);
        await using var server = await TestEmulator.StartAsync(o => o.BatchStall = true, clock);
        using var client = TestEmulator.Client(server);
        var id = await CreateAsync(client, 2);
        clock.Advance(TimeSpan.FromSeconds(25));

        var ended = await BatchHttp.AnthropicJsonAsync(client, HttpMethod.Get, $"v1/messages/batches/{id}");

        Assert.Equal((0, 2), (Count(ended, "succeeded"), Count(ended, "expired")));
        Assert.Equal(ended.GetProperty("expires_at").GetString(), ended.GetProperty("ended_at").GetString());
        Assert.All(await ResultsAsync(client, ended), r => Assert.Equal("expired", Result(r).Type));
        Assert.Equal(0, server.RequestLog.BillableCount);
    }

    [Fact]
    public async Task List_ThreeBatches_NewestFirstPagedWithAfterIdAndBeforeId()
    {
        await using var server = await TestEmulator.StartAsync(time: new FakeTimeProvider(Now));
        using var client = TestEmulator.Client(server);
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add(await CreateAsync(client, 1));
        }

        var first = await BatchHttp.AnthropicJsonAsync(client, HttpMethod.Get, "v1/messages/batches?limit=2");
        var next = await BatchHttp.AnthropicJsonAsync(client, HttpMethod.Get, $"v1/messages/batches?limit=2&after_id={first.GetProperty("last_id").GetString()}");
        var back = await BatchHttp.AnthropicJsonAsync(client, HttpMethod.Get, $"v1/messages/batches?limit=1&before_id={ids[0]}");

        Assert.Equal([ids[2], ids[1]], Ids(first));
        Assert.True(first.GetProperty("has_more").GetBoolean());
        Assert.Equal([ids[0]], Ids(next));
        Assert.False(next.GetProperty("has_more").GetBoolean());
        Assert.Equal([ids[1]], Ids(back));
        Assert.True(back.GetProperty("has_more").GetBoolean());
    }

    [Fact]
    public async Task GetResults_BeforeTheBatchEnds_Answers400AndUnknownBatchIs404()
    {
        await using var server = await TestEmulator.StartAsync(o => o.BatchStall = true, new FakeTimeProvider(Now));
        using var client = TestEmulator.Client(server);
        var id = await CreateAsync(client, 1);

        var early = await BatchHttp.AnthropicJsonAsync(client, HttpMethod.Get, $"v1/messages/batches/{id}/results", expected: HttpStatusCode.BadRequest);
        var unknown = await BatchHttp.AnthropicJsonAsync(client, HttpMethod.Get, "v1/messages/batches/msgbatch_nope", expected: HttpStatusCode.NotFound);

        Assert.Equal("invalid_request_error", early.GetProperty("error").GetProperty("type").GetString());
        Assert.Equal("not_found_error", unknown.GetProperty("error").GetProperty("type").GetString());
    }

    private static string Requests(params (string CustomId, string Params)[] requests) =>
        "{\"requests\":[" + string.Join(',', requests.Select(r => $"{{\"custom_id\":\"{r.CustomId}\",\"params\":{r.Params}}}")) + "]}";

    private static async Task<string> CreateAsync(HttpClient client, int requests)
    {
        var body = Requests([.. Enumerable.Range(1, requests).Select(i => ($"r{i}", $$"""{"model":"claude-haiku-3-5","max_tokens":16,"messages":[{"role":"user","content":"question {{i}}"}]}"""))]);
        return (await BatchHttp.AnthropicJsonAsync(client, HttpMethod.Post, "v1/messages/batches", body)).GetProperty("id").GetString()!;
    }

    private static async Task<List<JsonElement>> ResultsAsync(HttpClient client, JsonElement batch)
    {
        using var request = BatchHttp.Anthropic(HttpMethod.Get, batch.GetProperty("results_url").GetString()!);
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        return [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement.Clone())];
    }

    private static (string? CustomId, string? Type) Result(JsonElement line) =>
        (line.GetProperty("custom_id").GetString(), line.GetProperty("result").GetProperty("type").GetString());

    private static int Count(JsonElement batch, string name) => batch.GetProperty("request_counts").GetProperty(name).GetInt32();

    private static List<string?> Ids(JsonElement page) => [.. page.GetProperty("data").EnumerateArray().Select(b => b.GetProperty("id").GetString())];
}
