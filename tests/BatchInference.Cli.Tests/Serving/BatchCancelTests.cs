#pragma warning disable OPENAI001 // The SDK marks its batch client experimental; the batch API is what these tests drive.
using System.ClientModel;
using System.Text.Json.Nodes;
using BatchInference.Testing;
using OpenAI.Batch;
using OpenAI.Files;

namespace BatchInference.Cli.Tests.Serving;

/// <summary>
/// Cancelling with the official .NET SDK, and create-time refusals. The emulator's provider batches never finish here,
/// so a batch planned onto the batch tier (<c>bi_tier_policy=batch</c>) is still running when the cancel arrives,
/// however fast or slow the machine is.
/// </summary>
public sealed class BatchCancelTests(StalledServeFixture server) : IClassFixture<StalledServeFixture>
{
    [Fact]
    public async Task Cancel_MidRun_CancellingThenCancelledWithNothingAnswered()
    {
        var client = SdkRequests.Client(server, ServeFixture.KeyA);
        var batches = client.GetBatchClient();
        OpenAIFile file = await client.GetOpenAIFileClient().UploadFileAsync(
            BinaryData.FromBytes(SdkRequests.ChatFile(3, badLines: false)), "slow.jsonl", FileUploadPurpose.Batch);
        var operation = await batches.CreateBatchAsync(
            SdkRequests.CreateBody(file.Id, metadata: new JsonObject { ["bi_tier_policy"] = "batch" }), waitUntilCompleted: false);
        await Poll.UntilAsync(async () => Status(await batches.GetBatchAsync(operation.BatchId, options: null)) == "in_progress", "the batch to run",
            interval: TimeSpan.FromMilliseconds(100));

        var cancelling = Raw(await operation.CancelAsync(options: null));
        await Poll.UntilAsync(async () => { await operation.UpdateStatusAsync(); return operation.HasCompleted; }, "the cancel to end",
            interval: TimeSpan.FromMilliseconds(100));
        var cancelled = Raw(await operation.GetBatchAsync(options: null));

        Assert.Equal("cancelling", cancelling["status"]!.GetValue<string>());
        Assert.NotNull(cancelling["cancelling_at"]);
        Assert.Equal("cancelled", cancelled["status"]!.GetValue<string>());
        Assert.NotNull(cancelled["cancelled_at"]);
        Assert.Equal(0, cancelled["request_counts"]!["completed"]!.GetValue<long>());
        var again = await Assert.ThrowsAsync<ClientResultException>(() => operation.CancelAsync(options: null));
        Assert.Equal(409, again.Status);
    }

    [Theory]
    [InlineData("bi_tier_policy", "cheapest", "tier_policy")]
    [InlineData("bi_budget_usd", "lots", "bi_budget_usd")]
    [InlineData("bi_deadline", "tomorrow", "deadline")]
    [InlineData("bi_tags", "no-equals-sign", "bi_tags")]
    [InlineData("bi_result_cache", "fuzzy", "metadata.bi_result_cache: ")]
    [InlineData("bi_result_cache_ttl", "forever", "metadata.bi_result_cache_ttl: ")]
    public async Task Create_InvalidMetadataSetting_400NamingIt(string key, string value, string named)
    {
        var client = SdkRequests.Client(server, ServeFixture.KeyA);
        OpenAIFile file = await client.GetOpenAIFileClient().UploadFileAsync(
            BinaryData.FromBytes(SdkRequests.ChatFile(1, badLines: false)), "one.jsonl", FileUploadPurpose.Batch);

        var error = await Assert.ThrowsAsync<ClientResultException>(() => client.GetBatchClient().CreateBatchAsync(
            SdkRequests.CreateBody(file.Id, metadata: new JsonObject { [key] = value }), waitUntilCompleted: false));

        Assert.Equal(400, error.Status);
        var body = JsonNode.Parse(error.GetRawResponse()!.Content.ToString())!["error"]!;
        Assert.Equal("metadata", body["param"]!.GetValue<string>());
        Assert.Contains(named, body["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_CompletionWindowOfOurs_Accepted_AndUnknownWindowRefused()
    {
        var client = SdkRequests.Client(server, ServeFixture.KeyA);
        OpenAIFile file = await client.GetOpenAIFileClient().UploadFileAsync(
            BinaryData.FromBytes(SdkRequests.ChatFile(1, badLines: false)), "one.jsonl", FileUploadPurpose.Batch);
        BinaryContent Body(string window) => BinaryContent.Create(BinaryData.FromString(
            new JsonObject { ["input_file_id"] = file.Id, ["endpoint"] = "/v1/embeddings", ["completion_window"] = window }.ToJsonString()));

        var accepted = await client.GetBatchClient().CreateBatchAsync(Body("4h"), waitUntilCompleted: false);
        var refused = await Assert.ThrowsAsync<ClientResultException>(() => client.GetBatchClient().CreateBatchAsync(Body("soon"), waitUntilCompleted: false));

        Assert.Equal("4h", ((BatchJob)await accepted.GetBatchAsync(options: null)).CompletionWindow);
        Assert.Equal(400, refused.Status);
        Assert.Equal("completion_window", JsonNode.Parse(refused.GetRawResponse()!.Content.ToString())!["error"]!["param"]!.GetValue<string>());
    }

    [Fact]
    public async Task Upload_MoreLinesThanTheLimit_400StatingTheLimit()
    {
        var client = SdkRequests.Client(server, ServeFixture.KeyA);

        var error = await Assert.ThrowsAsync<ClientResultException>(() => client.GetOpenAIFileClient().UploadFileAsync(
            BinaryData.FromBytes(SdkRequests.ChatFile(1_001, badLines: false)), "big.jsonl", FileUploadPurpose.Batch));

        Assert.Equal(400, error.Status);
        Assert.Contains("1,000 requests", JsonNode.Parse(error.GetRawResponse()!.Content.ToString())!["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private static string Status(ClientResult result) => Raw(result)["status"]!.GetValue<string>();

    private static JsonObject Raw(ClientResult result) => JsonNode.Parse(result.GetRawResponse().Content.ToString())!.AsObject();
}
