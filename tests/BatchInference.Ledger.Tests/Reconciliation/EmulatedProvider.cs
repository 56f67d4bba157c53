using System.Net.Http.Json;
using System.Text.Json;
using BatchInference.Emulator;
using BatchInference.Emulator.Usage;
using BatchInference.Ledger.Pricing;
using BatchInference.Ledger.Reconciliation;
using BatchInference.Ledger.Spend;

using BatchInference.Testing;

namespace BatchInference.Ledger.Tests.Reconciliation;

/// <summary>
/// The real provider emulator over HTTP, billing with the built-in catalog's OpenAI real-time prices, and a ledger
/// built the way the product builds it: one entry per paid call, from the answer's usage and x-request-id.
/// </summary>
internal sealed class EmulatedProvider : IAsyncDisposable
{
    public const string AdminKey = "test-admin-key-openai";

    private readonly HttpClient _http;

    private EmulatedProvider(EmulatorServer server)
    {
        Server = server;
        _http = new HttpClient { BaseAddress = server.BaseAddress };
    }

    public static PriceCatalog Catalog { get; } = PriceCatalog.BuiltIn();

    public EmulatorServer Server { get; }

    public List<LedgerEntry> Ledger { get; } = [];

    /// <param name="unknownToTheCatalog">Prices the emulator bills for models our catalog does not know.</param>
    public static async Task<EmulatedProvider> StartAsync(params UsagePrice[] unknownToTheCatalog)
    {
        var prices = Catalog.Prices
            .Where(p => p.Provider == "openai" && p.Tier == "realtime")
            .Select(p => new UsagePrice(p.Model, p.InputPerMillion, p.CachedInputPerMillion, p.OutputPerMillion))
            .Concat(unknownToTheCatalog)
            .ToList();
        return new EmulatedProvider(await EmulatorServer.StartAsync(new EmulatorOptions { Prices = prices, AdminApiKey = AdminKey }));
    }

    /// <summary>One paid chat call, recorded in <see cref="Ledger"/> (unpriced, at cost 0, for a model the catalog does not know).</summary>
    public async Task<LedgerEntry> ChatAsync(string model, string text)
    {
        var body = JsonSerializer.Serialize(new { model, messages = new[] { new { role = "user", content = text } } });
        using var response = await _http.PostAsync("v1/chat/completions", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        response.EnsureSuccessStatusCode();
        var requestId = response.Headers.GetValues("x-request-id").Single();
        var usage = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("usage");
        var tokens = new TokenCounts(
            usage.GetProperty("prompt_tokens").GetInt64(),
            usage.GetProperty("prompt_tokens_details").GetProperty("cached_tokens").GetInt64(),
            usage.GetProperty("completion_tokens").GetInt64(),
            usage.GetProperty("completion_tokens_details").GetProperty("reasoning_tokens").GetInt64());
        var priced = Catalog.TryGetPrice("openai", model, "realtime", out var price);
        // The emulator logs a call as its response completes, which can be just after the client has read it.
        await Poll.UntilAsync(() => Server.RequestLog.Snapshot().Any(r => r.RequestId == requestId), $"request {requestId} in the emulator's log");
        var sentAt = Server.RequestLog.Snapshot().Single(r => r.RequestId == requestId).At;
        var cost = priced ? CostCalculator.Cost(price, tokens) : 0m;
        var entry = new LedgerEntry(
            "job-reconcile", "req-" + Ledger.Count, Ledger.Count + 1, 1, "openai", model, "realtime", requestId, priced ? price.SkuId : $"openai/{model}/realtime",
            tokens.Input, tokens.CachedInput, tokens.Output, tokens.Reasoning, cost, cost, Catalog.Currency, Catalog.Version,
            sentAt, sentAt, new Dictionary<string, string>())
        {
            Unpriced = !priced,
        };
        Ledger.Add(entry);
        return entry;
    }

    public ProviderUsageClient UsageClient(HttpClient http, TimeProvider? time = null, Action<ProviderUsageClientOptions>? configure = null)
    {
        var options = new ProviderUsageClientOptions { BaseAddress = Server.BaseAddress, AdminApiKey = AdminKey };
        configure?.Invoke(options);
        return new ProviderUsageClient(http, options, time);
    }

    public async Task PostAdminAsync(string path, string json)
    {
        using var response = await _http.PostAsync(path, new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        response.EnsureSuccessStatusCode();
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await Server.DisposeAsync();
    }
}
