using System.ClientModel;
using System.ClientModel.Primitives;
using System.Text.Json;
using OpenAI;
using OpenAI.Chat;
using OpenAI.Embeddings;

namespace BatchInference.Emulator.Tests.Contract;

/// <summary>The official OpenAI .NET SDK, unchanged, pointed at the emulator: the emulator's contract.</summary>
public sealed class OpenAISdkContractTests
{
    private static OpenAIClientOptions SdkOptions(EmulatorServer server) => new()
    {
        Endpoint = new Uri(server.BaseAddress, "v1"),
        RetryPolicy = new ClientRetryPolicy(0),
    };

    [Fact]
    public async Task CompleteChatAsync_TypedCall_ReturnsContentAndUsage()
    {
        await using var server = await TestEmulator.StartAsync();
        var client = new ChatClient("gpt-4o-mini", new ApiKeyCredential("x"), SdkOptions(server));

        ChatCompletion completion = await client.CompleteChatAsync(
            [new SystemChatMessage("You are terse."), new UserChatMessage("Name three prime numbers please")]);

        Assert.StartsWith("Emulated reply ", completion.Content[0].Text);
        Assert.EndsWith("to: Name three prime numbers please", completion.Content[0].Text);
        Assert.Equal(ChatFinishReason.Stop, completion.FinishReason);
        Assert.Equal("gpt-4o-mini", completion.Model);
        Assert.StartsWith("chatcmpl-", completion.Id);
        Assert.True(completion.Usage.InputTokenCount > 10);
        Assert.True(completion.Usage.OutputTokenCount > 0);
        Assert.Equal(completion.Usage.InputTokenCount + completion.Usage.OutputTokenCount, completion.Usage.TotalTokenCount);
        Assert.Equal(0, completion.Usage.InputTokenDetails.CachedTokenCount);
        Assert.Equal(1, server.RequestLog.BillableCount);
    }

    [Fact]
    public async Task CompleteChatAsync_RepeatedLongPrompt_ReportsCachedTokens()
    {
        await using var server = await TestEmulator.StartAsync();
        var client = new ChatClient("gpt-4o", new ApiKeyCredential("x"), SdkOptions(server));
        var longContext = string.Join(' ', Enumerable.Range(0, 1200).Select(i => $"fact{i:D4}"));

        ChatCompletion first = await client.CompleteChatAsync([new SystemChatMessage(longContext), new UserChatMessage("Question one?")]);
        // The same prompt again: without a prompt_cache_key the emulator routes by the whole prompt (docs/emulator-prompt-caching.md).
        ChatCompletion second = await client.CompleteChatAsync([new SystemChatMessage(longContext), new UserChatMessage("Question one?")]);

        Assert.True(first.Usage.InputTokenCount >= 1024);
        Assert.Equal(0, first.Usage.InputTokenDetails.CachedTokenCount);
        var cached = second.Usage.InputTokenDetails.CachedTokenCount;
        Assert.True(cached >= 1024, $"cached {cached}");
        Assert.Equal(0, cached % 128);
        Assert.True(cached <= second.Usage.InputTokenCount);
        Assert.Equal(cached, server.RequestLog.Snapshot()[1].CachedTokens);
    }

    [Fact]
    public async Task CompleteChatAsync_ReasoningModelWithLimit_ReportsReasoningTokensAndLength()
    {
        await using var server = await TestEmulator.StartAsync();
        var client = new ChatClient("o4-mini", new ApiKeyCredential("x"), SdkOptions(server));

        ChatCompletion completion = await client.CompleteChatAsync(
            [new UserChatMessage("Think hard about this")], new ChatCompletionOptions { MaxOutputTokenCount = 2000 });

        Assert.True(completion.Usage.OutputTokenDetails.ReasoningTokenCount > 0);
        Assert.True(completion.Usage.OutputTokenCount > completion.Usage.OutputTokenDetails.ReasoningTokenCount);
    }

    [Fact]
    public async Task GenerateEmbeddingsAsync_DefaultBase64Encoding_ReturnsUnitVectorsOfModelDimension()
    {
        await using var server = await TestEmulator.StartAsync();
        var client = new EmbeddingClient("text-embedding-3-small", new ApiKeyCredential("x"), SdkOptions(server));

        OpenAIEmbeddingCollection embeddings = await client.GenerateEmbeddingsAsync(["first text", "second text", "first text"]);

        Assert.Equal(3, embeddings.Count);
        var vectors = embeddings.Select(e => e.ToFloats().ToArray()).ToList();
        Assert.All(vectors, v => Assert.Equal(1536, v.Length));
        Assert.All(vectors, v => Assert.Equal(1.0, Math.Sqrt(v.Sum(x => (double)x * x)), 4));
        Assert.Equal(vectors[0], vectors[2]);
        Assert.NotEqual(vectors[0], vectors[1]);
        Assert.True(embeddings.Usage.InputTokenCount > 0);
    }

    [Fact]
    public async Task GenerateEmbeddingAsync_LargeModelWithDimensions_ReturnsRequestedDimension()
    {
        await using var server = await TestEmulator.StartAsync();
        var client = new EmbeddingClient("text-embedding-3-large", new ApiKeyCredential("x"), SdkOptions(server));

        OpenAIEmbedding full = await client.GenerateEmbeddingAsync("hello");
        OpenAIEmbedding shortened = await client.GenerateEmbeddingAsync("hello", new EmbeddingGenerationOptions { Dimensions = 256 });

        Assert.Equal(3072, full.ToFloats().Length);
        Assert.Equal(256, shortened.ToFloats().Length);
    }

    [Fact]
    public async Task CompleteChatAsync_ProtocolMethod_AcceptsUnknownFieldsAndReturnsRawJson()
    {
        await using var server = await TestEmulator.StartAsync();
        var client = new ChatClient("gpt-4o-mini", new ApiKeyCredential("x"), SdkOptions(server));
        var body = """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Hello raw"}],"metadata":{"job":"j1"},"x_future_field":[1,2]}""";

        ClientResult result = await client.CompleteChatAsync(BinaryContent.Create(BinaryData.FromString(body)), new RequestOptions());

        using var json = JsonDocument.Parse(result.GetRawResponse().Content);
        Assert.Equal(200, result.GetRawResponse().Status);
        Assert.Equal("chat.completion", json.RootElement.GetProperty("object").GetString());
        Assert.EndsWith("to: Hello raw", json.RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
        Assert.StartsWith("req_", result.GetRawResponse().Headers.TryGetValue("x-request-id", out var id) ? id : string.Empty);
    }

    [Fact]
    public async Task CompleteChatAsync_RateLimitedWithRetriesOff_ThrowsClientResultException429()
    {
        await using var server = await TestEmulator.StartAsync(o => o.RequestsPerMinute = 1);
        var client = new ChatClient("gpt-4o-mini", new ApiKeyCredential("x"), SdkOptions(server));
        await client.CompleteChatAsync([new UserChatMessage("one")]);

        var exception = await Assert.ThrowsAsync<ClientResultException>(() => client.CompleteChatAsync([new UserChatMessage("two")]));

        Assert.Equal(429, exception.Status);
        Assert.Contains("rate_limit_exceeded", exception.GetRawResponse()!.Content.ToString());
        Assert.Equal(1, server.RequestLog.BillableCount);
    }

    [Fact]
    public async Task CompleteChatAsync_WrongApiKey_ThrowsClientResultException401()
    {
        await using var server = await TestEmulator.StartAsync(o => o.RequiredApiKey = "sk-right");
        var wrong = new ChatClient("gpt-4o-mini", new ApiKeyCredential("sk-wrong"), SdkOptions(server));
        var right = new ChatClient("gpt-4o-mini", new ApiKeyCredential("sk-right"), SdkOptions(server));

        var exception = await Assert.ThrowsAsync<ClientResultException>(() => wrong.CompleteChatAsync([new UserChatMessage("hi")]));
        ChatCompletion completion = await right.CompleteChatAsync([new UserChatMessage("hi")]);

        Assert.Equal(401, exception.Status);
        Assert.NotEmpty(completion.Content[0].Text);
        Assert.Equal(1, server.RequestLog.BillableCount);
        Assert.Equal([401, 200], server.RequestLog.Snapshot().Select(r => r.StatusCode));
    }
}
