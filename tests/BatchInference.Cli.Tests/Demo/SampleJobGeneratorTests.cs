using System.Text;
using System.Text.Json;
using BatchInference.Cli.Demo;
using BatchInference.Jobs.Intake;
using BatchInference.Ledger.Pricing;

namespace BatchInference.Cli.Tests.Demo;

public sealed class SampleJobGeneratorTests
{
    // The provider and tier the job runner prices real-time lines with (JobRunnerOptions.Provider's default).
    private const string RunnerProvider = "openai";
    private const string ModelNotInCatalog = "model_not_in_catalog";

    private static readonly PriceCatalog Catalog = PriceCatalog.BuiltIn();

    [Theory]
    [InlineData(10)]
    [InlineData(100)]
    [InlineData(2_000)]
    public async Task WriteAsync_ReadBack_ExactlyTheReturnedCountOfLinesCanRunAndEveryOtherLineIsAnExpectedError(int lines)
    {
        var (expected, records) = await GenerateAsync(lines);

        Assert.Equal(lines, expected);
        var requests = records.OfType<RequestLine>().ToList();
        var runnable = requests.Where(r => Catalog.TryGetPrice(RunnerProvider, r.Model, "realtime", out _)).ToList();
        Assert.Equal(expected, runnable.Count);
        Assert.Equal(expected, runnable.Select(r => r.CustomId).Distinct().Count());

        // The reader cannot know the catalog: the unknown-model line is a valid request that the runner rejects.
        var unpriced = Assert.Single(requests.Except(runnable));
        Assert.Equal(ModelLineOf(ModelNotInCatalog), unpriced.Model);

        var expectedCodes = SampleJobGenerator.BadLines
            .Select(b => b.ExpectedCode)
            .Where(code => code != ModelNotInCatalog)
            .Append(JobLineErrorCodes.DuplicateCustomId)
            .Order(StringComparer.Ordinal);
        Assert.Equal(expectedCodes, records.OfType<InvalidLine>().Select(i => i.Code).Order(StringComparer.Ordinal));
        Assert.Equal(expected + SampleJobGenerator.BadLines.Count + 1, records.Count);
    }

    [Fact]
    public async Task BadLines_EachLineAlone_ReaderReportsItsExpectedCodeOrRunnerCannotPriceItsModel()
    {
        Assert.Contains(SampleJobGenerator.BadLines, b => b.ExpectedCode == ModelNotInCatalog);
        foreach (var (line, expectedCode) in SampleJobGenerator.BadLines)
        {
            var record = Assert.Single(await ReadAllAsync(Encoding.UTF8.GetBytes(line + "\n")));
            if (expectedCode == ModelNotInCatalog)
            {
                var request = Assert.IsType<RequestLine>(record);
                Assert.False(Catalog.KnowsModel(request.Model), $"{request.Model} is in the built-in catalog");
            }
            else
            {
                var invalid = Assert.IsType<InvalidLine>(record);
                Assert.Equal(expectedCode, invalid.Code);
            }
        }
    }

    [Fact]
    public async Task WriteAsync_LastLine_IsADuplicateOfTheFirstId()
    {
        var (_, records) = await GenerateAsync(50);

        var first = Assert.IsType<RequestLine>(records[0]);
        var last = Assert.IsType<InvalidLine>(records[^1]);
        Assert.Equal(JobLineErrorCodes.DuplicateCustomId, last.Code);
        Assert.Equal(first.CustomId, last.CustomId);
        Assert.Equal(records.Count, last.LineNumber);
    }

    [Fact]
    public async Task WriteAsync_BadLines_AreSpreadThroughTheFileNotBunchedAtTheEnds()
    {
        var (_, records) = await GenerateAsync(700);

        var badLineNumbers = records
            .Where(r => r is InvalidLine { Code: not JobLineErrorCodes.DuplicateCustomId } || r is RequestLine { Model: var m } && !Catalog.KnowsModel(m))
            .Select(r => r.LineNumber)
            .ToList();
        Assert.Equal(SampleJobGenerator.BadLines.Count, badLineNumbers.Count);
        Assert.True(badLineNumbers.Min() > 50, $"first bad line at {badLineNumbers.Min()}");
        Assert.True(badLineNumbers.Max() < records.Count - 50, $"last bad line at {badLineNumbers.Max()} of {records.Count}");
    }

    [Fact]
    public async Task WriteAsync_ChatLines_ShareOneSystemPromptLongEnoughForPromptCaching()
    {
        var (_, records) = await GenerateAsync(60);

        var systemPrompts = records.OfType<RequestLine>()
            .Where(r => r.Url == "/v1/chat/completions" && Catalog.KnowsModel(r.Model))
            .Select(SystemPromptOf)
            .ToList();
        Assert.True(systemPrompts.Count >= 40, $"only {systemPrompts.Count} chat lines");
        var prompt = Assert.Single(systemPrompts.Distinct(StringComparer.Ordinal));

        // Providers cache a shared prefix from 1,024 tokens; at ~4 characters per token that is 4,096 characters.
        Assert.True(prompt.Length >= 1_024 * 4, $"system prompt has {prompt.Length} characters (~{prompt.Length / 4} tokens)");
    }

    [Fact]
    public async Task WriteAsync_GoodLines_UseSeveralChatModelsAndAnEmbeddingModelAllPricedInTheCatalog()
    {
        var (_, records) = await GenerateAsync(100);

        var runnable = records.OfType<RequestLine>().Where(r => Catalog.KnowsModel(r.Model)).ToList();
        var chatModels = runnable.Where(r => r.Url == "/v1/chat/completions").Select(r => r.Model).Distinct().ToList();
        var embeddingModels = runnable.Where(r => r.Url == "/v1/embeddings").Select(r => r.Model).Distinct().ToList();
        Assert.True(chatModels.Count >= 2, $"chat models: {string.Join(", ", chatModels)}");
        Assert.NotEmpty(embeddingModels);
        Assert.All(chatModels.Concat(embeddingModels), m => Assert.True(Catalog.TryGetPrice(RunnerProvider, m, "realtime", out _), m));
    }

    [Fact]
    public async Task WriteAsync_CalledTwice_WritesTheSameBytes()
    {
        using var first = new MemoryStream();
        using var second = new MemoryStream();

        await SampleJobGenerator.WriteAsync(first, 300);
        await SampleJobGenerator.WriteAsync(second, 300);

        Assert.True(first.Length > 0);
        Assert.Equal(first.ToArray(), second.ToArray());
    }

    [Fact]
    public async Task WriteAsync_Finished_LeavesTheStreamOpen()
    {
        using var output = new MemoryStream();

        await SampleJobGenerator.WriteAsync(output, 10);

        Assert.True(output.CanWrite);
        Assert.Equal((byte)'\n', output.ToArray()[^1]);
    }

    [Fact]
    public async Task WriteAsync_FewerThanTenLines_Throws()
    {
        using var output = new MemoryStream();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => SampleJobGenerator.WriteAsync(output, 9));
    }

    private static async Task<(int Expected, List<JobLine> Records)> GenerateAsync(int lines)
    {
        using var buffer = new MemoryStream();
        var expected = await SampleJobGenerator.WriteAsync(buffer, lines);
        return (expected, await ReadAllAsync(buffer.ToArray()));
    }

    private static async Task<List<JobLine>> ReadAllAsync(byte[] jsonl)
    {
        using var input = new MemoryStream(jsonl);
        var records = new List<JobLine>();
        await foreach (var record in JsonlRequestReader.ReadAsync(input))
        {
            records.Add(record);
        }

        return records;
    }

    private static string ModelLineOf(string expectedCode)
    {
        var line = SampleJobGenerator.BadLines.Single(b => b.ExpectedCode == expectedCode).Line;
        using var document = JsonDocument.Parse(line);
        return document.RootElement.GetProperty("body").GetProperty("model").GetString()!;
    }

    private static string SystemPromptOf(RequestLine request)
    {
        using var body = JsonDocument.Parse(request.Body);
        var system = body.RootElement.GetProperty("messages").EnumerateArray().Single(m => m.GetProperty("role").GetString() == "system");
        return system.GetProperty("content").GetString()!;
    }
}
