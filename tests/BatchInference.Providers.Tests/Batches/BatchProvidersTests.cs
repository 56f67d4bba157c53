using BatchInference.Providers.Batches;

namespace BatchInference.Providers.Tests.Batches;

public sealed class BatchProvidersTests
{
    [Theory]
    [InlineData(ProviderKind.OpenAI, "https://api.openai.com/v1", "openai", 50_000, 200_000_000L)]
    [InlineData(ProviderKind.AzureOpenAI, "https://contoso.openai.azure.com/openai/v1/", "azure-openai", 100_000, 200_000_000L)]
    [InlineData(ProviderKind.Anthropic, "https://api.anthropic.com/v1", "anthropic", 100_000, 256_000_000L)]
    public void Create_EachKind_HasThatProvidersNameAndLimits(ProviderKind kind, string baseUrl, string name, int maxLines, long maxBytes)
    {
        var provider = BatchProviders.Create(new ProviderEndpointOptions { Kind = kind, BaseUrl = new Uri(baseUrl) }, TimeProvider.System);

        Assert.Equal((name, maxLines, maxBytes), (provider.Name, provider.MaxLines, provider.MaxBytes));
    }

    [Theory]
    [InlineData(ProviderKind.OpenAI, "/v1/chat/completions", true)]
    [InlineData(ProviderKind.OpenAI, "/v1/embeddings", true)]
    [InlineData(ProviderKind.OpenAI, "/v1/responses", true)]
    [InlineData(ProviderKind.OpenAI, "/v1/messages", false)]
    [InlineData(ProviderKind.AzureOpenAI, "/v1/chat/completions", true)]
    [InlineData(ProviderKind.Anthropic, "/v1/messages", true)]
    [InlineData(ProviderKind.Anthropic, "/v1/chat/completions", false)]
    public void Supports_Url_OnlyWhatTheBatchApiServes(ProviderKind kind, string url, bool supported)
    {
        var provider = BatchProviders.Create(BatchTestEndpoints.Options(kind, new Uri("http://127.0.0.1:9/v1")), TimeProvider.System);

        Assert.Equal(supported, provider.Supports(url));
    }

    [Fact]
    public void Create_InvalidOptions_Throws() =>
        Assert.Throws<ArgumentException>(() => BatchProviders.Create(new ProviderEndpointOptions { Kind = ProviderKind.Anthropic }, TimeProvider.System));
}
