using BatchInference.Cli.Commands;
using BatchInference.Jobs.Messages;
using BatchInference.Jobs.Settings;
using BatchInference.Storage.ServiceBus;
using BatchInference.Testing;
using BatchInference.Testing.ServiceBus;
using Microsoft.Extensions.Configuration;

namespace BatchInference.Cli.Tests.Commands;

[Collection(AzuriteFixture.CollectionName)]
public sealed class SubmitServiceBusTests(AzuriteFixture azurite) : IDisposable
{
    private const string ConnectionString =
        "Endpoint=sb://contoso.servicebus.windows.net/;SharedAccessKeyName=Send;SharedAccessKey=c2VjcmV0LWtleS1ub3QtcmVhbA==";

    // A storage account that does not answer: every usage error must come before the upload is tried.
    private static readonly Dictionary<string, string> Unreachable = new()
    {
        ["Storage__ConnectionString"] = "BlobEndpoint=http://127.0.0.1:9/acct;QueueEndpoint=http://127.0.0.1:9/acct;SharedAccessSignature=sv=x",
        ["ServiceBus__ConnectionString"] = string.Empty,
    };

    private readonly string _work = Directory.CreateTempSubdirectory("bi-cli-submit-sb-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public async Task RunAsync_NoConnectionString_Exits2NamingTheSetting()
    {
        var submit = await BiProcess.RunAsync(_work, TimeSpan.FromSeconds(60), Unreachable, "submit", WriteInput(), "--service-bus");

        Assert.True(submit.ExitCode == 2, submit.Describe());
        Assert.Contains("set ServiceBus:ConnectionString (environment variable ServiceBus__ConnectionString)", submit.FlatError, StringComparison.Ordinal);
        Assert.Equal(string.Empty, submit.StandardOutput);
    }

    [Fact]
    public async Task RunAsync_InvalidConnectionString_Exits2WithoutEchoingTheKey()
    {
        var environment = new Dictionary<string, string>(Unreachable)
        {
            ["ServiceBus__ConnectionString"] = "Endpoint=sb://contoso.servicebus.windows.net/;SharedAccessKey=TopSecretKey",
        };

        var submit = await BiProcess.RunAsync(_work, TimeSpan.FromSeconds(60), environment, "submit", WriteInput(), "--service-bus");

        Assert.True(submit.ExitCode == 2, submit.Describe());
        Assert.Contains("The ServiceBus connection string is invalid", submit.FlatError, StringComparison.Ordinal);
        Assert.DoesNotContain("TopSecretKey", submit.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_InvalidSettingFlag_Exits2BeforeUploading()
    {
        var environment = new Dictionary<string, string>(Unreachable) { ["ServiceBus__ConnectionString"] = ConnectionString };

        var submit = await BiProcess.RunAsync(_work, TimeSpan.FromSeconds(60), environment, "submit", WriteInput(), "--service-bus", "--completion-window", "4w");

        Assert.True(submit.ExitCode == 2, submit.Describe());
        Assert.Contains("completion_window", submit.FlatError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_WithLocal_Exits2()
    {
        var submit = await BiProcess.RunAsync(_work, TimeSpan.FromSeconds(60), Unreachable, "submit", WriteInput(), "--service-bus", "--local");

        Assert.True(submit.ExitCode == 2, submit.Describe());
        Assert.Contains("--service-bus cannot be combined with --local", submit.FlatError, StringComparison.Ordinal);
    }

    [Fact]
    public void QueueName_NoQueueSetting_UsesBatchJobs() =>
        Assert.Equal("batch-jobs", SubmitServiceBus.QueueName(Configuration(new() { ["ServiceBus:ConnectionString"] = ConnectionString })));

    [Fact]
    public void QueueName_QueueSetting_UsesIt() =>
        Assert.Equal("team-jobs", SubmitServiceBus.QueueName(Configuration(new() { ["ServiceBus:JobsQueue"] = "team-jobs" })));

    [Fact]
    public void ConnectionSettings_NamespaceOnly_SignsInWithDefaultAzureCredential()
    {
        var settings = SubmitServiceBus.ConnectionSettings(Configuration(new() { ["ServiceBus:fullyQualifiedNamespace"] = "contoso.servicebus.windows.net" }));

        Assert.Equal(("contoso.servicebus.windows.net", null), (settings.FullyQualifiedNamespace, settings.ConnectionString));
    }

    [Fact]
    public async Task RunAsync_NamespaceUnreachable_Exits1NamingTheQueueAndNamespace()
    {
        var environment = new Dictionary<string, string>
        {
            ["Storage__ConnectionString"] = azurite.ConnectionString,
            ["ServiceBus__ConnectionString"] = $"Endpoint=sb://127.0.0.1:{ClosedPort.Next()};SharedAccessKeyName=k;SharedAccessKey=TopSecretKey;UseDevelopmentEmulator=true",
        };

        var submit = await BiProcess.RunAsync(_work, TimeSpan.FromSeconds(120), environment, "submit", WriteInput(), "--service-bus");

        Assert.True(submit.ExitCode == 1, submit.Describe());
        Assert.Contains(
            "A Service Bus request failed: Send on Service Bus queue 'batch-jobs' in namespace '127.0.0.1' failed: the namespace cannot be reached",
            submit.FlatError,
            StringComparison.Ordinal);
        Assert.DoesNotContain("TopSecretKey", submit.StandardError, StringComparison.Ordinal);
        Assert.Equal(string.Empty, submit.StandardOutput);
    }

    [Fact]
    public void BuildMessage_SameBlob_SameMessageIdAndJob()
    {
        var first = SubmitServiceBus.BuildMessage("jobs", "incoming/a-20261122T060000Z-abc123.jsonl", JobSettings.Default);
        var again = SubmitServiceBus.BuildMessage("jobs", "incoming/a-20261122T060000Z-abc123.jsonl", JobSettings.Default);
        var other = SubmitServiceBus.BuildMessage("jobs", "incoming/a-20261122T060000Z-def456.jsonl", JobSettings.Default);

        Assert.Equal(first.MessageId, again.MessageId);
        Assert.Equal(first.JobId, again.JobId);
        Assert.NotEqual(first.MessageId, other.MessageId);
        Assert.NotEqual(first.JobId, other.JobId);
    }

    [Fact]
    public async Task SendAsync_Message_BodyParsesWithJobMessageParserAndIdIsTheMessageId()
    {
        var client = new RecordingServiceBusClient();
        await using var queue = new ServiceBusWorkQueue(client, SubmitServiceBus.DefaultQueue);
        var settings = new JobSettings { CompletionWindow = TimeSpan.FromHours(4), BudgetUsd = 12.5m, Tags = new Dictionary<string, string> { ["team"] = "search" } };
        var message = SubmitServiceBus.BuildMessage("jobs", "incoming/tickets-20261122T060000Z-abc123.jsonl", settings);

        var receipt = await SubmitServiceBus.SendAsync(queue, message);

        var sent = Assert.Single(client.Sender(SubmitServiceBus.DefaultQueue).Messages);
        Assert.Equal("application/json", sent.ContentType);
        Assert.Equal(message.MessageId, sent.MessageId);
        Assert.Equal(message.MessageId, receipt.MessageId);
        Assert.Equal(default, sent.ScheduledEnqueueTime);
        var parsed = JobMessageParser.Parse(sent.Body.ToArray());
        Assert.True(parsed.Succeeded, parsed.FailureReason);
        Assert.Equal(message.MessageId, parsed.Message!.MessageId);
        Assert.Equal(("jobs", "incoming/tickets-20261122T060000Z-abc123.jsonl"), (parsed.Message.Input.Container, parsed.Message.Input.BlobName));
        Assert.Equal(TimeSpan.FromHours(4), parsed.Message.Settings.CompletionWindow);
        Assert.Equal(12.5m, parsed.Message.Settings.BudgetUsd);
        Assert.Equal("search", parsed.Message.Settings.Tags["team"]);
    }

    private static IConfiguration Configuration(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();

    private string WriteInput()
    {
        var path = Path.Combine(_work, "in.jsonl");
        File.WriteAllText(path, """{"custom_id": "a", "method": "POST", "url": "/v1/embeddings", "body": {"model": "text-embedding-3-small", "input": "x"}}""" + "\n");
        return path;
    }
}
