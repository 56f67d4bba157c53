using System.Text.Json;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using BatchInference.Cli.Commands;
using BatchInference.Jobs.Messages;
using BatchInference.Jobs.Settings;
using BatchInference.Storage.ServiceBus;
using Microsoft.Extensions.Configuration;

namespace BatchInference.Cli.Tests.Commands;

public sealed class SubmitServiceBusTests : IDisposable
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
        Assert.Contains("ServiceBus:ConnectionString is invalid", submit.FlatError, StringComparison.Ordinal);
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
    public void CreateClient_NoQueueSetting_UsesBatchJobs()
    {
        var client = SubmitServiceBus.CreateClient(Configuration(new() { ["ServiceBus:ConnectionString"] = ConnectionString }));

        Assert.Equal("batch-jobs", client.QueueName);
    }

    [Fact]
    public void CreateClient_QueueSetting_UsesIt()
    {
        var client = SubmitServiceBus.CreateClient(Configuration(new()
        {
            ["ServiceBus:ConnectionString"] = ConnectionString,
            ["ServiceBus:JobsQueue"] = "team-jobs",
        }));

        Assert.Equal("team-jobs", client.QueueName);
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
        var transport = new RecordingTransport().Respond(201);
        var client = SubmitServiceBus.CreateClient(
            Configuration(new() { ["ServiceBus:ConnectionString"] = ConnectionString }), new ServiceBusQueueOptions { Transport = transport });
        var settings = new JobSettings { CompletionWindow = TimeSpan.FromHours(4), BudgetUsd = 12.5m, Tags = new Dictionary<string, string> { ["team"] = "search" } };
        var message = SubmitServiceBus.BuildMessage("jobs", "incoming/tickets-20261122T060000Z-abc123.jsonl", settings);

        var receipt = await SubmitServiceBus.SendAsync(client, message);

        var request = Assert.Single(transport.Requests);
        Assert.Equal("https://contoso.servicebus.windows.net/batch-jobs/messages", request.Uri.AbsoluteUri);
        Assert.Equal("application/json", request.Headers["Content-Type"]);
        Assert.Equal(message.MessageId, BrokerMessageId(request));
        Assert.Equal(message.MessageId, receipt.MessageId);
        var parsed = JobMessageParser.Parse(request.Body);
        Assert.True(parsed.Succeeded, parsed.FailureReason);
        Assert.Equal(message.MessageId, parsed.Message!.MessageId);
        Assert.Equal(("jobs", "incoming/tickets-20261122T060000Z-abc123.jsonl"), (parsed.Message.Input.Container, parsed.Message.Input.BlobName));
        Assert.Equal(TimeSpan.FromHours(4), parsed.Message.Settings.CompletionWindow);
        Assert.Equal(12.5m, parsed.Message.Settings.BudgetUsd);
        Assert.Equal("search", parsed.Message.Settings.Tags["team"]);
    }

    [Fact]
    public async Task SendAsync_RetriedAfter503_ResendsTheSameMessageId()
    {
        var transport = new RecordingTransport().Respond(503).Respond(201);
        var options = new ServiceBusQueueOptions { Transport = transport };
        options.Retry.Delay = TimeSpan.FromMilliseconds(1);
        options.Retry.MaxDelay = TimeSpan.FromMilliseconds(1);
        var client = SubmitServiceBus.CreateClient(Configuration(new() { ["ServiceBus:ConnectionString"] = ConnectionString }), options);
        var message = SubmitServiceBus.BuildMessage("jobs", "incoming/a.jsonl", JobSettings.Default);

        await SubmitServiceBus.SendAsync(client, message);

        Assert.Equal(2, transport.Requests.Count);
        Assert.All(transport.Requests, r => Assert.Equal(message.MessageId, BrokerMessageId(r)));
        Assert.Equal(transport.Requests[0].Body, transport.Requests[1].Body);
    }

    private static IConfiguration Configuration(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();

    private static string? BrokerMessageId(RecordedRequest request)
    {
        using var broker = JsonDocument.Parse(request.Headers["BrokerProperties"]);
        return broker.RootElement.GetProperty("MessageId").GetString();
    }

    private string WriteInput()
    {
        var path = Path.Combine(_work, "in.jsonl");
        File.WriteAllText(path, """{"custom_id": "a", "method": "POST", "url": "/v1/embeddings", "body": {"model": "text-embedding-3-small", "input": "x"}}""" + "\n");
        return path;
    }

    /// <summary>Stands in for the Service Bus front end (no emulator runs here): records requests, answers as scripted.</summary>
    private sealed class RecordingTransport : HttpPipelineTransport
    {
        private readonly Queue<int> _statuses = new();

        public List<RecordedRequest> Requests { get; } = [];

        public RecordingTransport Respond(int status)
        {
            _statuses.Enqueue(status);
            return this;
        }

        public override Request CreateRequest() => HttpClientTransport.Shared.CreateRequest();

        public override void Process(HttpMessage message) => ProcessAsync(message).AsTask().GetAwaiter().GetResult();

        public override ValueTask ProcessAsync(HttpMessage message)
        {
            using var buffer = new MemoryStream();
            message.Request.Content?.WriteTo(buffer, CancellationToken.None);
            Requests.Add(new RecordedRequest(
                message.Request.Uri.ToUri(),
                message.Request.Headers.ToDictionary(h => h.Name, h => h.Value, StringComparer.OrdinalIgnoreCase),
                buffer.ToArray()));
            message.Response = new ScriptedResponse(_statuses.Dequeue());
            return ValueTask.CompletedTask;
        }
    }

    private sealed record RecordedRequest(Uri Uri, IReadOnlyDictionary<string, string> Headers, byte[] Body);

    private sealed class ScriptedResponse(int status) : Response
    {
        public override int Status => status;

        public override string ReasonPhrase => string.Empty;

        public override Stream? ContentStream { get; set; } = new MemoryStream();

        public override string ClientRequestId { get; set; } = string.Empty;

        public override void Dispose() => ContentStream?.Dispose();

        protected override bool ContainsHeader(string name) => false;

        protected override IEnumerable<HttpHeader> EnumerateHeaders() => [];

        protected override bool TryGetHeader(string name, out string value)
        {
            value = string.Empty;
            return false;
        }

        protected override bool TryGetHeaderValues(string name, out IEnumerable<string> values)
        {
            values = [];
            return false;
        }
    }
}
