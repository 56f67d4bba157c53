using System.Globalization;
using BatchInference.Emulator;
using BatchInference.Emulator.Usage;
using BatchInference.Ledger.Reconciliation.Anthropic;

namespace BatchInference.Ledger.Tests.Reconciliation.Anthropic;

/// <summary>The real provider emulator over HTTP, serving Anthropic's Admin API reports with a Claude price.</summary>
internal sealed class EmulatedAnthropic : IAsyncDisposable
{
    public const string AdminKey = "test-admin-key-anthropic";

    /// <summary>USD per million tokens the emulator bills claude-sonnet-4 (and its snapshots) with.</summary>
    public static readonly UsagePrice SonnetPrice = new("claude-sonnet-4", 3m, 0.30m, 15m);

    private readonly HttpClient _http;

    private EmulatedAnthropic(EmulatorServer server)
    {
        Server = server;
        _http = new HttpClient { BaseAddress = server.BaseAddress };
    }

    public EmulatorServer Server { get; }

    public static async Task<EmulatedAnthropic> StartAsync() =>
        new(await EmulatorServer.StartAsync(new EmulatorOptions { Prices = [.. UsagePrice.Defaults, SonnetPrice], AdminApiKey = AdminKey }));

    public AnthropicUsageClient UsageClient(HttpClient http, TimeProvider? time = null, Action<AnthropicUsageClientOptions>? configure = null)
    {
        var options = new AnthropicUsageClientOptions { BaseAddress = Server.BaseAddress, AdminApiKey = AdminKey };
        configure?.Invoke(options);
        return new AnthropicUsageClient(http, options, time);
    }

    public async Task AddDiscrepancyAsync(DateOnly day, string model, long input, long output)
    {
        var json = string.Create(
            CultureInfo.InvariantCulture,
            $$"""{"day":"{{day:yyyy-MM-dd}}","model":"{{model}}","extraRequests":1,"extraInputTokens":{{input}},"extraOutputTokens":{{output}}}""");
        using var response = await _http.PostAsync("_emulator/usage/discrepancies", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        response.EnsureSuccessStatusCode();
    }

    public async Task AddFaultsAsync(string json)
    {
        using var response = await _http.PostAsync("_emulator/usage/faults", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        response.EnsureSuccessStatusCode();
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await Server.DisposeAsync();
    }
}
