using BatchInference.Api;
using BatchInference.Api.Auth;
using BatchInference.Cli.Composition;
using BatchInference.Cli.Local;
using BatchInference.Cli.Serving;
using BatchInference.Durable.Hosting;
using BatchInference.Emulator;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Spectre.Console;

namespace BatchInference.Cli.Tests.Serving;

/// <summary>
/// What <c>bi serve --local</c> runs, in this process for one test class: an Azurite and a provider emulator of its own,
/// a private task hub with a Durable worker, and the Batch API on Kestrel on a free loopback port, with two teams' keys
/// configured as hashes (<see cref="KeyA"/> for team alpha with a cost-center tag, <see cref="KeyB"/> for team beta).
/// </summary>
public abstract class ServeFixture : IAsyncLifetime
{
    public const string KeyA = "sk-alpha-test-key";
    public const string KeyB = "sk-beta-test-key";

    private DurableWorkerHost? _worker;
    private ApiServer? _server;

    internal Pipeline Pipeline { get; private set; } = null!;

    public Uri BaseAddress => _server!.BaseAddress;

    protected abstract EmulatorOptions Emulator { get; }

    /// <summary>Settings a fixture adds to the common ones.</summary>
    protected virtual IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>();

    public async Task InitializeAsync()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"Api:Keys:{ApiKeyring.HashHex(KeyA)}:Team"] = "alpha",
            [$"Api:Keys:{ApiKeyring.HashHex(KeyA)}:Tags:cost_center"] = "42",
            [$"Api:Keys:{ApiKeyring.HashHex(KeyB)}:Team"] = "beta",
            // Shorter idle waits than a deployment's (they only make the runs finish sooner, not differently).
            ["Durable:MaxQueuePollingInterval"] = "00:00:00.200",
            ["Engine:BatchPollInterval"] = "00:00:00.200",
            ["Engine:BatchPollMaxInterval"] = "00:00:00.500",
        }).AddInMemoryCollection(Settings).Build();
        var silent = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(TextWriter.Null) });
        Pipeline = await Pipeline.StartAsync(
            configuration,
            new PipelineSettings { Local = true, LocalStorage = LocalStorageMode.StartPrivate, LocalEmulator = Emulator, PrivateTaskHub = true },
            silent,
            NullLoggerFactory.Instance);
        _worker = Pipeline.CreateWorker(new DurableWorkerStats());
        await _worker.StartAsync();
        _server = await ApiServer.StartAsync(
            Pipeline, new ApiAuthenticator(ApiKeyring.From(configuration)), new BatchApiOptions { MaxFileLines = 1_000 }, port: 0, loopbackOnly: true,
            NullLoggerFactory.Instance);
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        if (_worker is not null)
        {
            await _worker.DisposeAsync();
        }

        await Pipeline.DisposeAsync();
    }
}

/// <summary>The emulator answering at once: batches run to completion.</summary>
public sealed class RunningServeFixture : ServeFixture
{
    protected override EmulatorOptions Emulator { get; } = new()
    {
        BatchValidationTime = TimeSpan.FromMilliseconds(100),
        BatchFinalizationTime = TimeSpan.FromMilliseconds(100),
    };
}

/// <summary>The emulator's provider batches never finish (<see cref="EmulatorOptions.BatchStall"/>): a batch planned
/// onto the batch tier stays in progress until it is cancelled, whatever the machine's speed.</summary>
public sealed class StalledServeFixture : ServeFixture
{
    protected override EmulatorOptions Emulator { get; } = new() { BatchStall = true };
}

/// <summary>Batches run to completion, and webhooks may go to a loopback receiver over http, signed with <see cref="Secret"/>.</summary>
public sealed class WebhookServeFixture : ServeFixture
{
    public static readonly string Secret = Testing.Webhooks.StandardWebhookVerifier.NewSecret();

    protected override EmulatorOptions Emulator { get; } = new()
    {
        BatchValidationTime = TimeSpan.FromMilliseconds(100),
        BatchFinalizationTime = TimeSpan.FromMilliseconds(100),
    };

    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Notify:WebhookSecret"] = Secret,
        ["Notify:AllowHttp"] = "true",
        ["Notify:AllowPrivateTargets"] = "true",
    };
}
