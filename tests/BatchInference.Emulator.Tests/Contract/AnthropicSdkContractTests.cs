using Anthropic;
using Anthropic.Models.Messages;
using Anthropic.Models.Messages.Batches;
using Microsoft.Extensions.Time.Testing;

namespace BatchInference.Emulator.Tests.Contract;

/// <summary>The official Anthropic .NET SDK, unchanged and validating every response, pointed at the emulator.</summary>
public sealed class AnthropicSdkContractTests
{
    [Fact]
    public async Task MessagesCreate_TypedCall_ReturnsTextAndUsage()
    {
        await using var server = await TestEmulator.StartAsync(o => o.RequiredApiKey = "test-anthropic-key");
        using var client = Client(server);

        var message = await client.Messages.Create(new MessageCreateParams
        {
            MaxTokens = 128,
            Messages = [new UserMessageParam("Name three prime numbers")],
            Model = "claude-haiku-3-5",
        });

        Assert.StartsWith("msg_", message.ID);
        Assert.True(message.Content[0].TryPickText(out var text));
        Assert.EndsWith("to: Name three prime numbers", text!.Text);
        Assert.True(message.Usage.InputTokens > 0);
        Assert.True(message.Usage.OutputTokens > 0);
        Assert.Equal(1, server.RequestLog.BillableCount);
    }

    [Fact]
    public async Task BatchesCreateRetrieveResults_TypedCalls_RunABatchToTheEnd()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 5, 4, 10, 0, 0, TimeSpan.Zero));
        await using var server = await TestEmulator.StartAsync(o => o.RequiredApiKey = "test-anthropic-key", clock);
        using var client = Client(server);

        var created = await client.Messages.Batches.Create(new BatchCreateParams
        {
            Requests =
            [
                new Request { CustomID = "first", Params = new Params { MaxTokens = 32, Messages = [new UserMessageParam("One?")], Model = "claude-haiku-3-5" } },
                new Request { CustomID = "second", Params = new Params { MaxTokens = 32, Messages = [new UserMessageParam("Two?")], Model = "claude-haiku-3-5" } },
            ],
        });
        clock.Advance(TimeSpan.FromMinutes(1));
        var ended = await client.Messages.Batches.Retrieve(created.ID);
        var results = new List<MessageBatchIndividualResponse>();
        await foreach (var result in client.Messages.Batches.ResultsStreaming(created.ID))
        {
            results.Add(result);
        }

        Assert.StartsWith("msgbatch_", created.ID);
        Assert.Equal(2, created.RequestCounts.Processing);
        Assert.Equal(2, ended.RequestCounts.Succeeded);
        Assert.NotNull(ended.EndedAt);
        Assert.Equal(["first", "second"], results.Select(r => r.CustomID));
        Assert.All(results, r => Assert.True(r.Result.TryPickSucceeded(out _)));
        Assert.Equal(2, server.RequestLog.BillableCount);
    }

    private static AnthropicClient Client(EmulatorServer server) => new()
    {
        BaseUrl = server.BaseAddress.AbsoluteUri.TrimEnd('/'),
        ApiKey = "test-anthropic-key",
        MaxRetries = 0,
        ResponseValidation = true,
    };
}
