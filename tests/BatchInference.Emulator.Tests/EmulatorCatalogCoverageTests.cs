using System.Net;
using BatchInference.Emulator.Tests.Batches;
using BatchInference.Ledger.Pricing;

namespace BatchInference.Emulator.Tests;

/// <summary>
/// Every model of the built-in price catalog is one the emulator answers on its provider's API, so a local run can try
/// any file the catalog prices.
/// </summary>
public sealed class EmulatorCatalogCoverageTests
{
    [Fact]
    public async Task Emulator_AnswersEveryModelOfTheBuiltInCatalog()
    {
        var catalog = PriceCatalog.BuiltIn();
        var models = catalog.Offers
            .Select(o => (Kind: catalog.FindProvider(o.Provider)!.Kind, o.Model))
            .Distinct()
            .ToList();
        await using var server = await TestEmulator.StartAsync();
        using var client = TestEmulator.Client(server);

        Assert.True(models.Count > 40, $"only {models.Count} models");
        foreach (var (kind, model) in models)
        {
            using var response = kind == ProviderKind.Anthropic
                ? await client.SendAsync(BatchHttp.Anthropic(HttpMethod.Post, "v1/messages", $$"""{"model":"{{model}}","max_tokens":16,"messages":[{"role":"user","content":"hi"}]}"""))
                : model.StartsWith("text-embedding", StringComparison.Ordinal)
                    ? await TestEmulator.PostJsonAsync(client, "v1/embeddings", $$"""{"model":"{{model}}","input":"hi"}""")
                    : await TestEmulator.PostJsonAsync(client, "v1/chat/completions", TestEmulator.ChatBody("hi", model));
            var body = await TestEmulator.ReadJsonAsync(response);

            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{kind} {model}: {(int)response.StatusCode} {body}");
            Assert.Equal(model, body.GetProperty("model").GetString());
        }
    }
}
