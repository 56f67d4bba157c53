using BatchInference.Orchestrations.Engine;
using BatchInference.Providers;
using Microsoft.Extensions.Configuration;

namespace BatchInference.Orchestrations.Tests.Engine;

public sealed class ProviderSetsTests
{
    [Fact]
    public void ReadOptions_SectionsNamedAfterKindsOrNot_GetTheCatalogsNames()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Providers:OpenAI:ApiKey"] = "k1",
            ["Providers:Anthropic:BaseUrl"] = "https://api.anthropic.com",
            ["Providers:AzureOpenAI:BaseUrl"] = "https://r.openai.azure.com/openai/v1/",
            ["Providers:Spot:BaseUrl"] = "http://vllm.internal:8000/v1",
            ["Providers:Other:BaseUrl"] = "http://other/v1",
            ["Providers:Other:Kind"] = "Anthropic",
            ["Providers:Unused:MaxConcurrency"] = "4", // no BaseUrl: not a provider
        }).Build();

        var options = ProviderSets.ReadOptions(configuration);

        // Configuration lists sections by key: Anthropic, AzureOpenAI, OpenAI, Other, Spot.
        Assert.Equal(
            [("anthropic", ProviderKind.Anthropic), ("azure-openai", ProviderKind.AzureOpenAI), ("openai", ProviderKind.OpenAI),
             ("anthropic", ProviderKind.Anthropic), ("spot", ProviderKind.OpenAI)],
            options.Select(o => (o.Name, o.Kind)));
    }

    [Fact]
    public void ReadOptions_NoOpenAISection_StillHasTheDefaultOpenAIProvider()
    {
        var options = ProviderSets.ReadOptions(new ConfigurationBuilder().Build());

        Assert.Equal(("openai", ProviderKind.OpenAI), (Assert.Single(options).Name, options[0].Kind));
    }

    [Fact]
    public void Create_TwoProvidersWithOneName_ThrowsNamingIt()
    {
        var twice = new[] { new ProviderEndpointOptions { ApiKey = "a" }, new ProviderEndpointOptions { ApiKey = "b" } };

        var error = Assert.Throws<ArgumentException>(() => ProviderSets.Create(twice, TimeProvider.System));

        Assert.Contains("'openai' is configured twice", error.Message, StringComparison.Ordinal);
    }
}
