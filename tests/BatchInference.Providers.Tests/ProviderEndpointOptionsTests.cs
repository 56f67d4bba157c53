using Microsoft.Extensions.Configuration;

namespace BatchInference.Providers.Tests;

public sealed class ProviderEndpointOptionsTests
{
    [Fact]
    public void Validate_Defaults_AreValid() => Assert.Empty(new ProviderEndpointOptions().Validate());

    [Fact]
    public void Validate_BadValues_ReportsEachOne()
    {
        var options = new ProviderEndpointOptions
        {
            Name = " ",
            BaseUrl = new Uri("/v1", UriKind.Relative),
            MaxConcurrency = 0,
            RequestsPerMinute = -1,
            MaxAttempts = 0,
            RequestTimeout = TimeSpan.Zero,
            CircuitBreakerFailureRatio = 0,
            CircuitBreakerMinimumThroughput = 1,
        };

        var errors = options.Validate();

        Assert.Equal(8, errors.Count);
        Assert.Contains(errors, e => e.StartsWith("BaseUrl", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("MaxAttempts", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(ProviderKind.OpenAI, "openai")]
    [InlineData(ProviderKind.AzureOpenAI, "azure-openai")]
    [InlineData(ProviderKind.Anthropic, "anthropic")]
    public void Name_NotSet_DefaultsByKind(ProviderKind kind, string name) =>
        Assert.Equal(name, new ProviderEndpointOptions { Kind = kind }.Name);

    [Fact]
    public void Name_Set_WinsOverTheKindDefault() =>
        Assert.Equal("claude-eu", new ProviderEndpointOptions { Kind = ProviderKind.Anthropic, Name = "claude-eu" }.Name);

    [Theory]
    [InlineData(ProviderKind.AzureOpenAI)]
    [InlineData(ProviderKind.Anthropic)]
    public void Validate_NonOpenAIKindOnTheOpenAIAddress_AsksForBaseUrl(ProviderKind kind) =>
        Assert.Contains(new ProviderEndpointOptions { Kind = kind }.Validate(), e => e.StartsWith("BaseUrl must be set", StringComparison.Ordinal));

    [Fact]
    public void Validate_AnthropicWithoutVersion_Fails() =>
        Assert.Contains(
            new ProviderEndpointOptions { Kind = ProviderKind.Anthropic, BaseUrl = new Uri("https://api.anthropic.com/v1"), AnthropicVersion = " " }.Validate(),
            e => e.StartsWith("AnthropicVersion", StringComparison.Ordinal));

    [Fact]
    public void Bind_FromConfiguration_ReadsKindVersionAndRegion()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Provider:Kind"] = "Anthropic",
            ["Provider:BaseUrl"] = "https://api.anthropic.com/v1",
            ["Provider:AnthropicVersion"] = "2024-10-22",
            ["Provider:Region"] = "eu",
        }).Build();

        var options = configuration.GetSection("Provider").Get<ProviderEndpointOptions>()!;

        Assert.Equal(ProviderKind.Anthropic, options.Kind);
        Assert.Equal("anthropic", options.Name);
        Assert.Equal("2024-10-22", options.AnthropicVersion);
        Assert.Equal("eu", options.Region);
        Assert.Empty(options.Validate());
    }

    [Fact]
    public void ToString_WithApiKey_NeverShowsTheKey()
    {
        var options = new ProviderEndpointOptions { ApiKey = "sk-secret-123" };

        var text = options.ToString();

        Assert.DoesNotContain("sk-secret-123", text, StringComparison.Ordinal);
        Assert.Contains("key set", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_FromConfiguration_ReadsTimeSpansAndUri()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Provider:BaseUrl"] = "http://127.0.0.1:8080/v1",
            ["Provider:RequestTimeout"] = "00:00:30",
            ["Provider:MaxAttempts"] = "3",
            ["Provider:TokensPerMinute"] = "90000",
        }).Build();

        var options = configuration.GetSection("Provider").Get<ProviderEndpointOptions>()!;

        Assert.Equal(new Uri("http://127.0.0.1:8080/v1"), options.BaseUrl);
        Assert.Equal(TimeSpan.FromSeconds(30), options.RequestTimeout);
        Assert.Equal(3, options.MaxAttempts);
        Assert.Equal(90000, options.TokensPerMinute);
        Assert.Empty(options.Validate());
    }

    [Fact]
    public void Validator_InvalidOptions_Fails()
    {
        var result = new ProviderEndpointOptionsValidator().Validate(null, new ProviderEndpointOptions { MaxAttempts = 0 });

        Assert.True(result.Failed);
    }
}
