using System.Net;
using BatchInference.Functions.Tests.Infrastructure;
using BatchInference.Orchestrations.Jobs;
using BatchInference.Orchestrations.State;
using BatchInference.Testing;

namespace BatchInference.Functions.Tests.Functions;

/// <summary>The Service Bus job message function, with host payloads shaped like the documented serviceBusTrigger ones.</summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class JobMessageFunctionTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Invoke_SameMessageDeliveredTwice_StartsOneJobWithTheMessagesSettings()
    {
        await using var harness = await FunctionsHarness.StartAsync(azurite);
        var blob = $"messages/{Guid.NewGuid():N}.jsonl";
        await harness.UploadJobAsync(blob);
        var messageId = "team-a-" + Guid.NewGuid().ToString("N");
        var body = """{"schema_version":1,"message_id":"MESSAGE","input":{"container":"jobs","blob":"BLOB"},"settings":{"budget_usd":12.5,"tags":{"team":"a"}}}"""
            .Replace("MESSAGE", messageId, StringComparison.Ordinal).Replace("BLOB", blob, StringComparison.Ordinal);

        var (status, first) = await harness.InvokeAsync("JobMessage", Payload(body, messageId, deliveryCount: 1));
        var (_, second) = await harness.InvokeAsync("JobMessage", Payload(body, messageId, deliveryCount: 2));

        Assert.Equal(HttpStatusCode.OK, status);
        var jobId = first["ReturnValue"]!["job_id"]!.GetValue<string>();
        Assert.Equal(JobId.ForMessage(messageId), jobId);
        Assert.Equal(jobId, second["ReturnValue"]!["job_id"]!.GetValue<string>());
        var state = await harness.Host.Pipeline.Engine.GetJobAsync(jobId);
        Assert.Equal(JobStatus.Pending, state!.Status);
        Assert.Contains("\"budget_usd\":12.5", state.SettingsJson, StringComparison.Ordinal);
        Assert.Equal(1, await harness.Queue.GetApproximateCountAsync()); // one StartJob, not two
    }

    [Theory]
    [InlineData("not json at all", "Not a valid job message")]
    [InlineData("""{"schema_version":1,"message_id":"m-1"}""", "input")]
    [InlineData("""{"schema_version":1,"message_id":"m-2","input":{"container":"jobs","blob":"x.jsonl"},"settings":{"budget_usd":-1}}""", "budget_usd")]
    [InlineData("""{"schema_version":1,"message_id":"m-3","input":{"container":"jobs","blob":"messages/none.jsonl"}}""", "does not exist")]
    public async Task Invoke_BadMessage_Answers400WithTheReasonAndStartsNothing(string body, string reason)
    {
        await using var harness = await FunctionsHarness.StartAsync(azurite);

        var (status, payload) = await harness.InvokeAsync("JobMessage", Payload(body, "sb-1", deliveryCount: 1));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(reason, Responses.Logs(payload), StringComparison.Ordinal);
        Assert.Equal(0, await harness.Queue.GetApproximateCountAsync());
    }

    private static string Payload(string body, string messageId, int deliveryCount) =>
        FunctionsHarness.Payload("servicebus-job-message.json", new Dictionary<string, string>
        {
            ["body"] = body,
            ["messageId"] = messageId,
            ["deliveryCount"] = deliveryCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
}
