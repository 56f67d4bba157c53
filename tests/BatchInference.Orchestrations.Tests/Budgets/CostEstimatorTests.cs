using System.Text;
using BatchInference.Jobs.Intake;
using BatchInference.Ledger.Pricing;
using BatchInference.Orchestrations.Budgets;

namespace BatchInference.Orchestrations.Tests.Budgets;

public sealed class CostEstimatorTests
{
    private static readonly ModelPrice Price = Price_();

    [Theory]
    [InlineData("""{"model":"gpt-4.1-mini","max_tokens":40}""", 40)]
    [InlineData("""{"model":"gpt-4.1-mini","max_completion_tokens":100,"max_tokens":40}""", 100)]
    [InlineData("""{"model":"gpt-4.1-mini","max_output_tokens":7}""", 7)]
    [InlineData("""{"model":"gpt-4.1-mini","messages":[{"max_tokens":999}]}""", CostEstimator.DefaultOutputTokens)]
    [InlineData("""{"model":"gpt-4.1-mini"}""", CostEstimator.DefaultOutputTokens)]
    public void Estimate_Chat_UsesTheLargestOutputCapOrTheDefault(string body, int outputTokens)
    {
        var request = Request("/v1/chat/completions", body);

        var expected = CostCalculator.Cost(Price, new TokenCounts((Encoding.UTF8.GetByteCount(body) / 3) + 1, 0, outputTokens, 0));

        Assert.Equal(expected, CostEstimator.Estimate(request, Price));
    }

    [Fact]
    public void Estimate_Embeddings_CountsNoOutput()
    {
        var body = """{"model":"gpt-4.1-mini","input":"hello there"}""";

        var expected = CostCalculator.Cost(Price, new TokenCounts((body.Length / 3) + 1, 0, 0, 0));

        Assert.Equal(expected, CostEstimator.Estimate(Request("/v1/embeddings", body), Price));
    }

    private static RequestLine Request(string url, string body) =>
        new(1, "c", "POST", url, "gpt-4.1-mini", Encoding.UTF8.GetBytes(body));

    private static ModelPrice Price_()
    {
        Assert.True(PriceCatalog.BuiltIn().TryGetPrice("openai", "gpt-4.1-mini", "realtime", out var price));
        return price;
    }
}
