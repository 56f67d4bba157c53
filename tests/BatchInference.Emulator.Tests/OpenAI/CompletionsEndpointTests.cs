using System.Net;

namespace BatchInference.Emulator.Tests.OpenAI;

public sealed class CompletionsEndpointTests
{
    [Fact]
    public async Task Post_Prompt_AnswersATextCompletionWithItsUsage_AndBillsIt()
    {
        await using var server = await TestEmulator.StartAsync();
        using var client = TestEmulator.Client(server);

        using var response = await TestEmulator.PostJsonAsync(
            client, "v1/completions", """{"model":"gpt-3.5-turbo-instruct","prompt":"Once upon a time in a land far away","max_tokens":5}""");
        var json = await TestEmulator.ReadJsonAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text_completion", json.GetProperty("object").GetString());
        Assert.Equal("gpt-3.5-turbo-instruct", json.GetProperty("model").GetString());
        var choice = json.GetProperty("choices")[0];
        Assert.Equal("length", choice.GetProperty("finish_reason").GetString());
        var usage = json.GetProperty("usage");
        Assert.True(usage.GetProperty("prompt_tokens").GetInt32() > 0);
        Assert.Equal(5, usage.GetProperty("completion_tokens").GetInt32());
        Assert.Equal(usage.GetProperty("prompt_tokens").GetInt32() + 5, usage.GetProperty("total_tokens").GetInt32());
        var logged = Assert.Single(server.RequestLog.Snapshot());
        Assert.True(logged.Billable);
        Assert.Equal(usage.GetProperty("prompt_tokens").GetInt32(), logged.PromptTokens);
    }

    [Fact]
    public async Task Post_SamePromptTwice_GivesTheSameText()
    {
        await using var server = await TestEmulator.StartAsync();
        using var client = TestEmulator.Client(server);
        const string body = """{"model":"gpt-3.5-turbo-instruct","prompt":["Say","hello"],"max_tokens":40}""";

        using var first = await TestEmulator.PostJsonAsync(client, "v1/completions", body);
        using var second = await TestEmulator.PostJsonAsync(client, "v1/completions", body);

        var a = (await TestEmulator.ReadJsonAsync(first)).GetProperty("choices")[0].GetProperty("text").GetString();
        var b = (await TestEmulator.ReadJsonAsync(second)).GetProperty("choices")[0].GetProperty("text").GetString();
        Assert.StartsWith("Emulated reply", a, StringComparison.Ordinal);
        Assert.Equal(a, b);
    }

    [Theory]
    [InlineData("""{"model":"gpt-3.5-turbo-instruct"}""")]
    [InlineData("""{"model":"gpt-3.5-turbo-instruct","prompt":42}""")]
    public async Task Post_NoUsablePrompt_Is400(string body)
    {
        await using var server = await TestEmulator.StartAsync();
        using var client = TestEmulator.Client(server);

        using var response = await TestEmulator.PostJsonAsync(client, "v1/completions", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("prompt", (await TestEmulator.ReadJsonAsync(response)).GetProperty("error").GetProperty("param").GetString());
    }
}
