using System.Globalization;
using BatchInference.FunctionApp.Functions;
using BatchInference.FunctionApp.Tests.Infrastructure;
using BatchInference.Orchestrations.Intake;
using BatchInference.Orchestrations.Jobs;
using BatchInference.Orchestrations.State;
using BatchInference.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

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
        var job = await app.Engines.ForBackgroundWork().GetJobAsync(first!);
        Assert.Equal(JobStatus.Pending, job!.Status);
        Assert.Contains("\"budget_usd\":12.5", job.SettingsJson, StringComparison.Ordinal);
        Assert.Equal(1, await app.OrchestrationCountAsync());
    }

    [Theory]
    [InlineData("not json at all {0}", JobMessageIntake.InvalidReason, "Not a valid job message")]
    [InlineData("""{{"schema_version":1,"message_id":"{0}"}}""", JobMessageIntake.InvalidReason, "input")]
    [InlineData("""{{"schema_version":1,"message_id":"{0}","input":{{"url":"https://elsewhere.blob.core.windows.net/jobs/x.jsonl"}}}}""", JobMessageIntake.InvalidReason, "not a blob in this pipeline's storage account")]
    [InlineData("""{{"schema_version":1,"message_id":"{0}","input":{{"container":"jobs","blob":"messages/none.jsonl"}}}}""", JobMessageIntake.InputNotFoundReason, "does not exist")]
    public async Task Run_MessageThatCannotStartAJob_GoesToThePoisonQueueAtOnceWithTheReason(string template, string reason, string expected)
    {
        await using var app = await AppHarness.StartAsync(azurite);
        var poison = app.Queue(JobMessageIntake.PoisonQueueName);
        await poison.CreateIfNotExistsAsync();
        await poison.ClearMessagesAsync();
        var body = string.Format(CultureInfo.InvariantCulture, template, Guid.NewGuid().ToString("N"));
        var logger = new FakeLogger<JobMessageFunction>();
        var function = app.Create<JobMessageFunction>(logger);

        // The first delivery: nothing is thrown, so the host deletes the message instead of retrying it four more times.
        var jobId = await function.RunAsync(BinaryData.FromString(body), "q-2", 1, app.Durable, default);

        Assert.Null(jobId);
        var poisoned = Assert.Single((await poison.PeekMessagesAsync(32)).Value);
        Assert.Equal(body, poisoned.Body.ToString());
        var error = Assert.Single(logger.Collector.GetSnapshot(), r => r.Level == LogLevel.Error);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains(JobMessageIntake.PoisonQueueName, error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await app.OrchestrationCountAsync());
    }
}
