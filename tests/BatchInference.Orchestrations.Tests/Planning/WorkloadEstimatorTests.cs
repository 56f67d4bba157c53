using System.Text;
using BatchInference.Orchestrations.Planning;

namespace BatchInference.Orchestrations.Tests.Planning;

public sealed class WorkloadEstimatorTests
{
    private const string Chat = "/v1/chat/completions";

    [Fact]
    public void Estimate_Body_InputIsBytesOverFourRoundedUp()
    {
        var body = Body("""{"model":"m","messages":[{"role":"user","content":"hello there"}]}""");

        var tokens = new WorkloadEstimator().Estimate(Chat, "m", body);

        Assert.Equal((body.Length + 3) / 4, tokens.Input);
        Assert.Equal(WorkloadEstimator.DefaultOutputTokens, tokens.Output);
    }

    [Theory]
    [InlineData("""{"model":"m","max_tokens":300}""", 300)]
    [InlineData("""{"model":"m","max_completion_tokens":200,"max_tokens":500}""", 500)]
    [InlineData("""{"model":"m","max_output_tokens":64}""", 64)]
    [InlineData("""{"model":"m","max_tokens":100,"n":3}""", 300)]
    [InlineData("""{"model":"m","metadata":{"max_tokens":9999},"max_tokens":10}""", 10)]
    public void Estimate_OutputCap_IsTheLargestCapTimesN(string json, long output)
    {
        Assert.Equal(output, new WorkloadEstimator().Estimate(Chat, "m", Body(json)).Output);
    }

    [Fact]
    public void Estimate_NoCap_UsesTheModelsHistoryElseTheDefault()
    {
        var estimator = new WorkloadEstimator(new Dictionary<string, long> { ["gpt-4.1-mini"] = 180 }, defaultOutputTokens: 700);
        var body = Body("""{"model":"gpt-4.1-mini","messages":[],"n":2}""");

        Assert.Equal(360, estimator.Estimate(Chat, "gpt-4.1-mini", body).Output);
        Assert.Equal(1400, estimator.Estimate(Chat, "gpt-4o-mini", body).Output);
        Assert.Equal(50, estimator.Estimate(Chat, "gpt-4.1-mini", Body("""{"max_tokens":50}""")).Output);
    }

    [Fact]
    public void Estimate_Embeddings_HaveNoOutput()
    {
        var tokens = new WorkloadEstimator().Estimate("/v1/embeddings", "text-embedding-3-small", Body("""{"input":"abcdefgh","max_tokens":5}"""));

        Assert.Equal(0, tokens.Output);
        Assert.True(tokens.Input > 0);
    }

    [Fact]
    public void Estimate_MalformedBody_FallsBackToTheDefaultInsteadOfThrowing()
    {
        var tokens = new WorkloadEstimator().Estimate(Chat, "m", Body("""{"max_tokens": 5, "oops" """));

        Assert.Equal(WorkloadEstimator.DefaultOutputTokens, tokens.Output);
    }

    [Fact]
    public void WorkloadEstimator_NegativeFigures_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new WorkloadEstimator(defaultOutputTokens: -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new WorkloadEstimator(new Dictionary<string, long> { ["m"] = -5 }));
    }

    private static byte[] Body(string json) => Encoding.UTF8.GetBytes(json);
}
