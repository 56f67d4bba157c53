using System.Text;
using BatchInference.Jobs.Settings;
using BatchInference.Orchestrations.ResultCache;

namespace BatchInference.Orchestrations.Tests.ResultCache;

/// <summary>The cache key is the canonical request in its scope; only deterministic requests are cacheable under <c>exact</c>.</summary>
public sealed class ResultCacheKeyTests
{
    private const string Chat = "/v1/chat/completions";

    private static ReadOnlyMemory<byte> Body(string json) => Encoding.UTF8.GetBytes(json);

    [Fact]
    public void Of_KeyOrderWhitespaceAndEscapes_DoNotChangeTheKey()
    {
        var a = ResultCacheKey.Of("team=a", Chat, Body("""{"model":"m","temperature":0,"messages":[{"role":"user","content":"h\u00e9"}]}"""));
        var b = ResultCacheKey.Of("team=a", Chat, Body("""{ "messages" : [ { "content" : "hé", "role" : "user" } ],  "temperature":0, "model":"m" }"""));

        Assert.Equal(a, b);
    }

    [Theory]
    [InlineData("""{"model":"m","temperature":0,"messages":[{"role":"user","content":"hi!"}]}""")] // another prompt
    [InlineData("""{"model":"m2","temperature":0,"messages":[{"role":"user","content":"hi"}]}""")] // another model
    [InlineData("""{"model":"m","temperature":0,"max_tokens":5,"messages":[{"role":"user","content":"hi"}]}""")] // another parameter
    [InlineData("""{"model":"m","temperature":0,"messages":[{"content":"hi","role":"user"},{"role":"user","content":"x"}]}""")] // array order counts
    public void Of_AnyParameterChange_ChangesTheKey(string other)
    {
        var key = ResultCacheKey.Of("team=a", Chat, Body("""{"model":"m","temperature":0,"messages":[{"role":"user","content":"hi"}]}"""));

        Assert.NotEqual(key, ResultCacheKey.Of("team=a", Chat, Body(other)));
    }

    [Fact]
    public void Of_SameRequestInAnotherScopeOrUrl_HasAnotherKey()
    {
        var body = Body("""{"model":"m","temperature":0}""");

        Assert.NotEqual(ResultCacheKey.Of("team=a", Chat, body), ResultCacheKey.Of("team=b", Chat, body));
        Assert.NotEqual(ResultCacheKey.Of("team=a", Chat, body), ResultCacheKey.Of("team=a", "/v1/responses", body));
    }

    [Theory]
    [InlineData(Chat, """{"model":"m","temperature":0}""", true)]
    [InlineData(Chat, """{"model":"m","temperature":0.0}""", true)]
    [InlineData(Chat, """{"model":"m","temperature":0.7,"seed":42}""", true)]
    [InlineData(Chat, """{"model":"m","messages":[{"temperature":0}],"temperature":1}""", false)] // a nested field is not the parameter
    [InlineData(Chat, """{"model":"m","temperature":1}""", false)]
    [InlineData(Chat, """{"model":"m"}""", false)] // the provider's default temperature samples
    [InlineData(Chat, """{"model":"m","seed":null}""", false)]
    [InlineData("/v1/embeddings", """{"model":"e","input":"x"}""", true)]
    public void IsDeterministic_TemperatureZeroSeedOrEmbedding(string url, string body, bool expected) =>
        Assert.Equal(expected, ResultCacheKey.IsDeterministic(url, Encoding.UTF8.GetBytes(body)));

    [Fact]
    public void IsCacheable_ExactAnyTakesEveryRequest_OffNone()
    {
        var sampled = Encoding.UTF8.GetBytes("""{"model":"m","temperature":1}""");

        Assert.False(ResultCacheKey.IsCacheable(ResultCacheMode.Exact, Chat, sampled));
        Assert.True(ResultCacheKey.IsCacheable(ResultCacheMode.ExactAny, Chat, sampled));
        Assert.False(ResultCacheKey.IsCacheable(ResultCacheMode.Off, Chat, Encoding.UTF8.GetBytes("""{"model":"m","temperature":0}""")));
    }

    [Fact]
    public void Scope_TeamTagWins_ElseEveryTagInOrder_ElseUntagged()
    {
        Assert.Equal("team=search", ResultCacheKey.Scope(new Dictionary<string, string> { ["project"] = "x", ["team"] = "search" }));
        Assert.Equal("a=1\nb=2", ResultCacheKey.Scope(new Dictionary<string, string> { ["b"] = "2", ["a"] = "1" }));
        Assert.Equal("untagged", ResultCacheKey.Scope(new Dictionary<string, string>()));
    }
}
