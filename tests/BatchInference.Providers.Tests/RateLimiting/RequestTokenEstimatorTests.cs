using System.Text;
using BatchInference.Providers.RateLimiting;

namespace BatchInference.Providers.Tests.RateLimiting;

public sealed class RequestTokenEstimatorTests
{
    private const string Chat = "/v1/chat/completions";

    [Fact]
    public void Estimate_ChatWithMaxTokens_AddsBodyQuarterAndLimit()
    {
        var body = Encoding.UTF8.GetBytes("""{"model":"gpt-4o-mini","max_tokens":100,"messages":[{"role":"user","content":"hi"}]}""");

        Assert.Equal(((body.Length + 3) / 4) + 100, RequestTokenEstimator.Estimate(body, Chat, defaultOutputTokens: 1024));
    }

    [Fact]
    public void Estimate_MaxCompletionTokensAndChoices_MultipliesByN()
    {
        var body = Encoding.UTF8.GetBytes("""{"model":"o3","n":3,"messages":[],"max_completion_tokens":50}""");

        Assert.Equal(((body.Length + 3) / 4) + 150, RequestTokenEstimator.Estimate(body, Chat, 1024));
    }

    [Fact]
    public void Estimate_NoLimit_UsesDefaultOutput()
    {
        var body = Encoding.UTF8.GetBytes("""{"model":"m","metadata":{"max_tokens":5},"messages":[]}""");

        Assert.Equal(((body.Length + 3) / 4) + 1024, RequestTokenEstimator.Estimate(body, Chat, 1024));
    }

    [Fact]
    public void Estimate_Embeddings_CountsNoOutput()
    {
        var body = Encoding.UTF8.GetBytes("""{"model":"text-embedding-3-small","input":"hello world"}""");

        Assert.Equal((body.Length + 3) / 4, RequestTokenEstimator.Estimate(body, "/v1/embeddings", 1024));
    }

    [Fact]
    public void Estimate_MalformedBody_FallsBackToSizeAndDefault()
    {
        var body = Encoding.UTF8.GetBytes("""{"max_tokens":10, oops""");

        Assert.Equal(((body.Length + 3) / 4) + 1024, RequestTokenEstimator.Estimate(body, Chat, 1024));
    }
}
