using System.Net;
using Microsoft.Extensions.Time.Testing;

namespace BatchInference.Emulator.Tests.Batches;

public sealed partial class OpenAIBatchesEndpointsTests
{
    [Fact]
    public async Task Cancel_InProgress_EndsCancelledWithTheAnsweredLinesAndTheRestInTheErrorFile()
    {
        var clock = new FakeTimeProvider(Now);
        await using var server = await TestEmulator.StartAsync(
            o =>
            {
                o.BatchValidationTime = TimeSpan.Zero;
                o.BatchLinesPerSecond = 2;
                o.BatchCancelTime = TimeSpan.FromSeconds(5);
            },
            clock);
        using var client = TestEmulator.Client(server);
        var id = await BatchHttp.StartBatchAsync(client, BatchHttp.ChatFile(6));
        clock.Advance(TimeSpan.FromSeconds(1));

        using var cancelResponse = await client.PostAsync($"v1/batches/{id}/cancel", null);
        var cancelling = await TestEmulator.ReadJsonAsync(cancelResponse);
        clock.Advance(TimeSpan.FromSeconds(4));
        var stillCancelling = await GetBatchAsync(client, id);
        clock.Advance(TimeSpan.FromSeconds(1));
        var cancelled = await GetBatchAsync(client, id);
        using var again = await client.PostAsync($"v1/batches/{id}/cancel", null);

        Assert.Equal(HttpStatusCode.OK, cancelResponse.StatusCode);
        Assert.Equal("cancelling", Status(cancelling));
        Assert.Equal(Now.AddSeconds(1).ToUnixTimeSeconds(), cancelling.GetProperty("cancelling_at").GetInt64());
        Assert.Equal(("cancelling", 2), (Status(stillCancelling), Counts(stillCancelling).Completed));
        Assert.Equal("cancelled", Status(cancelled));
        Assert.Equal(Now.AddSeconds(6).ToUnixTimeSeconds(), cancelled.GetProperty("cancelled_at").GetInt64());
        Assert.Equal((6, 2, 4), Counts(cancelled));
        var output = await BatchHttp.FileLinesAsync(client, cancelled.GetProperty("output_file_id"));
        var errors = await BatchHttp.FileLinesAsync(client, cancelled.GetProperty("error_file_id"));
        Assert.Equal(["line-1", "line-2"], output.Select(l => l.GetProperty("custom_id").GetString()));
        Assert.Equal(["line-3", "line-4", "line-5", "line-6"], errors.Select(l => l.GetProperty("custom_id").GetString()));
        Assert.All(errors, l => Assert.Equal("batch_cancelled", l.GetProperty("error").GetProperty("code").GetString()));
        Assert.All(errors, l => Assert.Equal(System.Text.Json.JsonValueKind.Null, l.GetProperty("response").ValueKind));
        Assert.Equal(2, server.RequestLog.BillableCount);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(
            "Cannot cancel a batch with status 'cancelled'.",
            (await TestEmulator.ReadJsonAsync(again)).GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task Expiry_SlowBatch_ExpiresAtTheCompressedWindowWithPartialOutput()
    {
        var clock = new FakeTimeProvider(Now);
        await using var server = await TestEmulator.StartAsync(
            o =>
            {
                o.BatchTimeScale = 8640; // 24 h → 10 s
                o.BatchValidationTime = TimeSpan.Zero;
                o.BatchLinesPerSecond = 1;
            },
            clock);
        using var client = TestEmulator.Client(server);
        var id = await BatchHttp.StartBatchAsync(client, BatchHttp.ChatFile(20));

        clock.Advance(TimeSpan.FromSeconds(9.5));
        var before = await GetBatchAsync(client, id);
        clock.Advance(TimeSpan.FromSeconds(30));
        var expired = await GetBatchAsync(client, id);

        Assert.Equal("in_progress", Status(before));
        Assert.Equal("expired", Status(expired));
        Assert.Equal(Now.AddSeconds(10).ToUnixTimeSeconds(), expired.GetProperty("expires_at").GetInt64());
        Assert.Equal(expired.GetProperty("expires_at").GetInt64(), expired.GetProperty("expired_at").GetInt64());
        var (total, completed, failed) = Counts(expired);
        Assert.InRange(completed, 9, 10);
        Assert.Equal(total, completed + failed);
        var output = await BatchHttp.FileLinesAsync(client, expired.GetProperty("output_file_id"));
        var errors = await BatchHttp.FileLinesAsync(client, expired.GetProperty("error_file_id"));
        Assert.Equal(completed, output.Count);
        Assert.Equal(failed, errors.Count);
        Assert.All(errors, l => Assert.Equal("batch_expired", l.GetProperty("error").GetProperty("code").GetString()));
        Assert.All(
            errors,
            l => Assert.Equal("This request could not be executed before the completion window expired.", l.GetProperty("error").GetProperty("message").GetString()));
        Assert.Equal(completed, server.RequestLog.BillableCount);
    }

    [Fact]
    public async Task Stall_SwitchedOnThroughAdminConfig_AnswersNothingUntilTheBatchExpires()
    {
        var clock = new FakeTimeProvider(Now);
        await using var server = await TestEmulator.StartAsync(o => o.BatchValidationTime = TimeSpan.Zero, clock);
        using var client = TestEmulator.Client(server);
        using var patched = await TestEmulator.PostJsonAsync(client, "_emulator/config", """{"batchStall":true}""");
        var id = await BatchHttp.StartBatchAsync(client, BatchHttp.ChatFile(3));

        clock.Advance(TimeSpan.FromSeconds(23));
        var stalled = await GetBatchAsync(client, id);
        clock.Advance(TimeSpan.FromSeconds(2));
        var expired = await GetBatchAsync(client, id);

        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        Assert.True((await TestEmulator.ReadJsonAsync(patched)).GetProperty("batchStall").GetBoolean());
        Assert.Equal(("in_progress", 0), (Status(stalled), Counts(stalled).Completed));
        Assert.Equal(("expired", 3, 0, 3), (Status(expired), Counts(expired).Total, Counts(expired).Completed, Counts(expired).Failed));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, expired.GetProperty("output_file_id").ValueKind);
        Assert.Equal(3, (await BatchHttp.FileLinesAsync(client, expired.GetProperty("error_file_id"))).Count);
        Assert.Equal(0, server.RequestLog.BillableCount);
    }

    [Fact]
    public async Task ExpireAfterFraction_Half_ExpiresOnceHalfTheLinesAreAnswered()
    {
        var clock = new FakeTimeProvider(Now);
        await using var server = await TestEmulator.StartAsync(o => o.BatchExpireAfterFraction = 0.5, clock);
        using var client = TestEmulator.Client(server);
        var id = await BatchHttp.StartBatchAsync(client, BatchHttp.ChatFile(6));

        clock.Advance(TimeSpan.FromSeconds(5));
        var expired = await GetBatchAsync(client, id);

        Assert.Equal(("expired", 6, 3, 3), (Status(expired), Counts(expired).Total, Counts(expired).Completed, Counts(expired).Failed));
        Assert.True(expired.GetProperty("expired_at").GetInt64() < expired.GetProperty("expires_at").GetInt64());
        Assert.Equal(["line-1", "line-2", "line-3"], server.RequestLog.Snapshot().Where(r => r.Billable).Select(r => r.ClientRequestId));
    }

    [Fact]
    public async Task Cancel_CompletedBatch_Answers409AndKeepsItCompleted()
    {
        var clock = new FakeTimeProvider(Now);
        await using var server = await TestEmulator.StartAsync(time: clock);
        using var client = TestEmulator.Client(server);
        var id = await BatchHttp.StartBatchAsync(client, BatchHttp.ChatFile(1));
        clock.Advance(TimeSpan.FromMinutes(1));

        using var response = await client.PostAsync($"v1/batches/{id}/cancel", null);
        using var unknown = await client.PostAsync("v1/batches/batch_nope/cancel", null);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("completed", Status(await GetBatchAsync(client, id)));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }
}
