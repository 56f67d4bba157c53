using BatchInference.FunctionApp.Composition;
using BatchInference.FunctionApp.Functions;
using BatchInference.FunctionApp.Intake;
using BatchInference.FunctionApp.Tests.Infrastructure;
using BatchInference.Orchestrations.Intake;
using BatchInference.Orchestrations.Jobs;
using BatchInference.Orchestrations.State;
using BatchInference.Testing;

namespace BatchInference.FunctionApp.Tests.Functions;

/// <summary>The Storage-queue job-message function, handed the body and metadata as the queue extension binds them.</summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class JobMessageFunctionTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Run_SameMessageDeliveredTwice_StartsOneJobWithTheMessagesSettings()
    {
        await using var app = await AppHarness.StartAsync(azurite);
        var blob = $"messages/{Guid.NewGuid():N}.jsonl";
        await app.UploadJobAsync(blob);
        var messageId = "team-a-" + Guid.NewGuid().ToString("N");
        var body = BinaryData.FromString($$$"""{"schema_version":1,"message_id":"{{{messageId}}}","input":{"container":"jobs","blob":"{{{blob}}}"},"settings":{"budget_usd":12.5}}""");
        var function = app.Create<JobMessageFunction>();

        var first = await function.RunAsync(body, "q-1", 1, app.Durable, default);
        var second = await function.RunAsync(body, "q-1", 2, app.Durable, default);

        Assert.Equal(JobId.ForMessage(messageId), first);
        Assert.Equal(first, second);
        var job = await app.Engines.ForBackgroundWork().GetJobAsync(first);
        Assert.Equal(JobStatus.Pending, job!.Status);
        Assert.Contains("\"budget_usd\":12.5", job.SettingsJson, StringComparison.Ordinal);
        Assert.Equal(1, await app.OrchestrationCountAsync());
    }

    [Theory]
    [InlineData("not json at all", JobMessageIntake.InvalidReason, "Not a valid job message")]
    [InlineData("""{"schema_version":1,"message_id":"m-1"}""", JobMessageIntake.InvalidReason, "input")]
    [InlineData("""{"schema_version":1,"message_id":"m-2","input":{"url":"https://elsewhere.blob.core.windows.net/jobs/x.jsonl"}}""", JobMessageIntake.InvalidReason, "not a blob in this pipeline's storage account")]
    [InlineData("""{"schema_version":1,"message_id":"m-3","input":{"container":"jobs","blob":"messages/none.jsonl"}}""", JobMessageIntake.InputNotFoundReason, "does not exist")]
    public async Task Run_MessageThatCannotStartAJob_FailsWithTheReasonOnEveryDelivery(string body, string reason, string expected)
    {
        await using var app = await AppHarness.StartAsync(azurite);
        var function = app.Create<JobMessageFunction>();

        var early = await Assert.ThrowsAsync<InvalidJobMessageException>(() => function.RunAsync(BinaryData.FromString(body), "q-2", 1, app.Durable, default));
        var last = await Assert.ThrowsAsync<InvalidJobMessageException>(
            () => function.RunAsync(BinaryData.FromString(body), "q-2", AppSettings.MaxDequeueCount, app.Durable, default));

        Assert.Equal(reason, early.Reason);
        Assert.Contains(expected, early.Message, StringComparison.Ordinal);
        Assert.Equal(early.Message, last.Message);
        Assert.Equal(0, await app.OrchestrationCountAsync());
    }
}
