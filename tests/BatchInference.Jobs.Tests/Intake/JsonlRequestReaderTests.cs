using System.Text;
using BatchInference.Jobs.Intake;
using BatchInference.Jobs.Tests.Fixtures;

namespace BatchInference.Jobs.Tests.Intake;

public sealed partial class JsonlRequestReaderTests
{
    private const string Good = """{"custom_id":"good-a","method":"POST","url":"/v1/chat/completions","body":{"model":"gpt-4o-mini","messages":[{"role":"user","content":"SECRET-PROMPT-TEXT"}]}}""";
    private const string GoodToo = """{"custom_id":"good-b","method":"POST","url":"/v1/embeddings","body":{"model":"text-embedding-3-small","input":"SECRET-PROMPT-TEXT"}}""";

    public static TheoryData<string, string> BadLines => new()
    {
        { "this is SECRET-PROMPT-TEXT", JobLineErrorCodes.InvalidJson },
        { """{"custom_id":"x","body":{"model":"m","input":"SECRET-PROMPT-TEXT"}""", JobLineErrorCodes.InvalidJson },
        { """[{"custom_id":"x"}]""", JobLineErrorCodes.InvalidJson },
        { "\"SECRET-PROMPT-TEXT\"", JobLineErrorCodes.InvalidJson },
        { "42", JobLineErrorCodes.InvalidJson },
        { """{"custom_id":"x","method":"POST","url":"/v1/embeddings","body":{"model":"m","input":"SECRET-PROMPT-TEXT"}} {}""", JobLineErrorCodes.InvalidJson },
        { """{"custom_id":"x","custom_id":"y","method":"POST","url":"/v1/embeddings","body":{"model":"m"}}""", JobLineErrorCodes.InvalidJson },
        { """{"method":"POST","url":"/v1/embeddings","body":{"model":"m","input":"SECRET-PROMPT-TEXT"}}""", JobLineErrorCodes.MissingCustomId },
        { """{"custom_id":null,"method":"POST","url":"/v1/embeddings","body":{"model":"m"}}""", JobLineErrorCodes.MissingCustomId },
        { """{"custom_id":42,"method":"POST","url":"/v1/embeddings","body":{"model":"m"}}""", JobLineErrorCodes.InvalidCustomId },
        { """{"custom_id":"","method":"POST","url":"/v1/embeddings","body":{"model":"m"}}""", JobLineErrorCodes.InvalidCustomId },
        { "{\"custom_id\":\"" + new string('i', 513) + "\",\"method\":\"POST\",\"url\":\"/v1/embeddings\",\"body\":{\"model\":\"m\"}}", JobLineErrorCodes.InvalidCustomId },
        { """{"custom_id":"\ud800","method":"POST","url":"/v1/embeddings","body":{"model":"m"}}""", JobLineErrorCodes.InvalidCustomId },
        { """{"custom_id":"x","method":"GET","url":"/v1/embeddings","body":{"model":"m","input":"SECRET-PROMPT-TEXT"}}""", JobLineErrorCodes.InvalidMethod },
        { """{"custom_id":"x","method":"post","url":"/v1/embeddings","body":{"model":"m"}}""", JobLineErrorCodes.InvalidMethod },
        { """{"custom_id":"x","url":"/v1/embeddings","body":{"model":"m"}}""", JobLineErrorCodes.InvalidMethod },
        { """{"custom_id":"x","method":"POST","url":"/v1/images/generations","body":{"model":"m","prompt":"SECRET-PROMPT-TEXT"}}""", JobLineErrorCodes.UnsupportedUrl },
        { """{"custom_id":"x","method":"POST","body":{"model":"m"}}""", JobLineErrorCodes.UnsupportedUrl },
        { """{"custom_id":"x","method":"POST","url":7,"body":{"model":"m"}}""", JobLineErrorCodes.UnsupportedUrl },
        { """{"custom_id":"x","method":"POST","url":"/v1/embeddings"}""", JobLineErrorCodes.MissingBody },
        { """{"custom_id":"x","method":"POST","url":"/v1/embeddings","body":null}""", JobLineErrorCodes.MissingBody },
        { """{"custom_id":"x","method":"POST","url":"/v1/embeddings","body":"SECRET-PROMPT-TEXT"}""", JobLineErrorCodes.MissingBody },
        { """{"custom_id":"x","method":"POST","url":"/v1/embeddings","body":[{"model":"m"}]}""", JobLineErrorCodes.MissingBody },
        { """{"custom_id":"x","method":"POST","url":"/v1/embeddings","body":{"input":"SECRET-PROMPT-TEXT"}}""", JobLineErrorCodes.MissingModel },
        { """{"custom_id":"x","method":"POST","url":"/v1/embeddings","body":{"model":5,"input":"SECRET-PROMPT-TEXT"}}""", JobLineErrorCodes.MissingModel },
        { """{"custom_id":"x","method":"POST","url":"/v1/embeddings","body":{"model":"","input":"SECRET-PROMPT-TEXT"}}""", JobLineErrorCodes.MissingModel },
        { """{"custom_id":"x","method":"POST","url":"/v1/embeddings","body":{"nested":{"model":"m"}}}""", JobLineErrorCodes.MissingModel },
    };

    [Theory]
    [MemberData(nameof(BadLines))]
    public async Task ReadAsync_BadLineBetweenGoodLines_ReportsItsLineNumberAndCodeAndKeepsTheOthers(string bad, string code)
    {
        var run = await ReaderRun.OfTextAsync($"{Good}\n{bad}\n{GoodToo}\n");

        Assert.Equal([1L, 2L, 3L], run.Lines.Select(l => l.LineNumber));
        Assert.Equal("good-a", run.Request(1).CustomId);
        var invalid = run.Invalid(2);
        Assert.Equal(code, invalid.Code);
        Assert.DoesNotContain("SECRET-PROMPT-TEXT", invalid.Message, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(invalid.Message));
        Assert.Equal("good-b", run.Request(3).CustomId);
        Assert.Equal((3, 2, 1, 0), (run.Stats.TotalLines, run.Stats.RequestLines, run.Stats.InvalidLines, run.Stats.BlankLines));
    }

    [Fact]
    public async Task ReadAsync_ValidLine_ExposesEveryField()
    {
        var run = await ReaderRun.OfTextAsync(Good + "\n");

        var line = run.Request(1);
        Assert.Equal(("good-a", "POST", "/v1/chat/completions", "gpt-4o-mini"), (line.CustomId, line.Method, line.Url, line.Model));
        Assert.Equal("""{"model":"gpt-4o-mini","messages":[{"role":"user","content":"SECRET-PROMPT-TEXT"}]}""", Encoding.UTF8.GetString(line.Body.Span));
    }

    [Fact]
    public async Task ReadAsync_InvalidLineAfterCustomIdIsRead_CarriesTheCustomId()
    {
        var run = await ReaderRun.OfTextAsync("""{"custom_id":"kept","method":"POST","url":"/v1/nope","body":{"model":"m"}}""");

        Assert.Equal("kept", run.Invalid(1).CustomId);
    }

    [Fact]
    public async Task ReadAsync_BodyWithOddFormatting_IsPassedThroughByteForByte()
    {
        const string body = "{ \"temperature\" :1.0e2,\"model\":\"gpt-4o\" , \"x_unknown\": {\"z\":[1, 2.50, -0.0, 1E-7]},\t\"name\":\"caf\\u00e9 é\",\"n\":12345678901234567890123 }";
        var run = await ReaderRun.OfTextAsync($"{{ \"body\" : {body} , \"url\":\"/v1/chat/completions\",\"custom_id\":\"odd\",\"method\":\"POST\"}}\n");

        var line = run.Request(1);
        Assert.Equal(Encoding.UTF8.GetBytes(body), line.Body.ToArray());
        Assert.Equal("gpt-4o", line.Model);
    }

    [Fact]
    public async Task ReadAsync_ManyLinesThroughSmallReads_EachBodyKeepsItsOwnBytes()
    {
        var text = string.Concat(Enumerable.Range(1, 300).Select(i => InputLines.Valid($"id-{i}", model: $"model-{i}") + "\n"));

        var run = await ReaderRun.OfTextAsync(text, maxBytesPerRead: 97);

        Assert.Equal(300, run.Lines.Count);
        foreach (var line in run.Lines.Cast<RequestLine>())
        {
            Assert.Equal($"id-{line.LineNumber}", line.CustomId);
            Assert.Contains($"\"model\":\"model-{line.LineNumber}\"", Encoding.UTF8.GetString(line.Body.Span), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ReadAsync_CrLfLineEndings_AreStrippedFromEveryLine()
    {
        var run = await ReaderRun.OfTextAsync($"{InputLines.Valid("a")}\r\n{InputLines.Valid("b")}\r\n\r\n{InputLines.Valid("c")}\r\n", maxBytesPerRead: 5);

        Assert.Equal(["a", "b", "c"], run.Lines.Cast<RequestLine>().Select(l => l.CustomId));
        Assert.Equal([1L, 2L, 4L], run.Lines.Select(l => l.LineNumber));
        Assert.All(run.Lines.Cast<RequestLine>(), l => Assert.Equal((byte)'}', l.Body.Span[^1]));
    }

    [Fact]
    public async Task ReadAsync_Utf8BomAtStart_IsIgnored()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(InputLines.Valid("a") + "\n" + InputLines.Valid("b"))).ToArray();

        var run = await ReaderRun.OfBytesAsync(bytes, maxBytesPerRead: 2);

        Assert.Equal("a", run.Request(1).CustomId);
        Assert.Equal("b", run.Request(2).CustomId);
        Assert.Equal(bytes.Length, run.Stats.BytesRead);
    }

    [Fact]
    public async Task ReadAsync_Utf8BomOnLaterLine_IsInvalidJson()
    {
        var bytes = Encoding.UTF8.GetBytes(InputLines.Valid("a") + "\n").Concat(Encoding.UTF8.GetPreamble()).Concat(Encoding.UTF8.GetBytes(InputLines.Valid("b"))).ToArray();

        var run = await ReaderRun.OfBytesAsync(bytes);

        Assert.Equal(JobLineErrorCodes.InvalidJson, run.Invalid(2).Code);
    }

    [Fact]
    public async Task ReadAsync_LastLineWithoutNewline_IsRead()
    {
        var run = await ReaderRun.OfTextAsync($"{InputLines.Valid("a")}\n{InputLines.Valid("b")}");

        Assert.Equal("b", run.Request(2).CustomId);
        Assert.Equal(2, run.Stats.TotalLines);
    }

    [Fact]
    public async Task ReadAsync_BlankAndWhitespaceLines_AreSkippedButCounted()
    {
        var run = await ReaderRun.OfTextAsync($"\n{InputLines.Valid("a")}\n   \n\t \r\n\n{InputLines.Valid("b")}\n \n");

        Assert.Equal([2L, 6L], run.Lines.Select(l => l.LineNumber));
        Assert.Equal((7, 2, 0, 5), (run.Stats.TotalLines, run.Stats.RequestLines, run.Stats.InvalidLines, run.Stats.BlankLines));
    }

    [Theory]
    [InlineData("")]
    [InlineData("\uFEFF")]
    public async Task ReadAsync_EmptyInput_YieldsNothing(string text)
    {
        var run = await ReaderRun.OfTextAsync(text);

        Assert.Empty(run.Lines);
        Assert.Equal(0, run.Stats.RequestLines + run.Stats.InvalidLines);
    }

    [Fact]
    public async Task ReadAsync_InvalidUtf8InsideALine_FailsOnlyThatLine()
    {
        var before = Encoding.UTF8.GetBytes(InputLines.Valid("a") + "\n{\"custom_id\":\"b\",\"method\":\"POST\",\"url\":\"/v1/embeddings\",\"body\":{\"model\":\"m\",\"input\":\"ab");
        byte[] invalid = [0xC3, 0x28];
        var after = Encoding.UTF8.GetBytes("cd\"}}\n" + InputLines.Valid("c") + "\n");

        var run = await ReaderRun.OfBytesAsync([.. before, .. invalid, .. after]);

        var line = run.Invalid(2);
        Assert.Equal(JobLineErrorCodes.InvalidUtf8, line.Code);
        var offsetInLine = before.Length - (Array.IndexOf(before, (byte)'\n') + 1);
        Assert.Contains($"offset {offsetInLine}", line.Message, StringComparison.Ordinal);
        Assert.Equal("a", run.Request(1).CustomId);
        Assert.Equal("c", run.Request(3).CustomId);
    }

    [Theory]
    [InlineData(new byte[] { 0xFF })]
    [InlineData(new byte[] { 0xC0, 0xAF })]
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })]
    [InlineData(new byte[] { 0xE2, 0x82 })]
    public async Task ReadAsync_MalformedUtf8Sequence_IsInvalidUtf8(byte[] sequence)
    {
        var bytes = Encoding.UTF8.GetBytes("{\"custom_id\":\"").Concat(sequence).Concat(Encoding.UTF8.GetBytes("\",\"method\":\"POST\",\"url\":\"/v1/embeddings\",\"body\":{\"model\":\"m\"}}")).ToArray();

        var run = await ReaderRun.OfBytesAsync(bytes);

        Assert.Equal(JobLineErrorCodes.InvalidUtf8, run.Invalid(1).Code);
    }

    [Fact]
    public async Task ReadAsync_DuplicateCustomIds_FirstRunsLaterOnesAreRejected()
    {
        var run = await ReaderRun.OfTextAsync(string.Join("\n", InputLines.Valid("a"), InputLines.Valid("b"), InputLines.Valid("a"), InputLines.Valid("a", model: "other")));

        Assert.Equal("a", run.Request(1).CustomId);
        Assert.Equal("b", run.Request(2).CustomId);
        Assert.All([run.Invalid(3), run.Invalid(4)], l => Assert.Equal((JobLineErrorCodes.DuplicateCustomId, "a"), (l.Code, l.CustomId)));
    }

    [Fact]
    public async Task ReadAsync_IdFirstSeenOnAnInvalidLine_IsOwnedByThatLine()
    {
        var run = await ReaderRun.OfTextAsync(InputLines.Valid("a", url: "/v1/unknown") + "\n" + InputLines.Valid("a"));

        Assert.Equal(JobLineErrorCodes.UnsupportedUrl, run.Invalid(1).Code);
        Assert.Equal(JobLineErrorCodes.DuplicateCustomId, run.Invalid(2).Code);
    }

    [Fact]
    public async Task ReadAsync_LongUrlWithAnEmojiAtTheCut_KeepsThePairWhole()
    {
        // 99 ASCII characters, then an emoji whose surrogate pair straddles the 100-character cut.
        var url = "/" + new string('x', 98) + "\U0001F600" + "tail";
        var run = await ReaderRun.OfTextAsync(InputLines.Valid("a", url: url));

        var message = run.Invalid(1).Message;
        Assert.DoesNotContain('\uFFFD', message);
        Assert.All(message.Where(char.IsSurrogate).Chunk(2), pair => Assert.True(pair.Length == 2 && char.IsSurrogatePair(pair[0], pair[1])));
        Assert.Contains("/" + new string('x', 98) + "…", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_ConfiguredSupportedUrls_ReplaceTheDefaults()
    {
        var options = new JsonlReaderOptions { SupportedUrls = new HashSet<string> { "/v1/completions" } };

        var run = await ReaderRun.OfTextAsync(InputLines.Valid("a", url: "/v1/completions") + "\n" + InputLines.Valid("b"), options);

        Assert.Equal("/v1/completions", run.Request(1).Url);
        Assert.Equal(JobLineErrorCodes.UnsupportedUrl, run.Invalid(2).Code);
    }

    [Fact]
    public async Task ReadAsync_DeeplyNestedBody_IsAccepted()
    {
        var nested = string.Concat(Enumerable.Repeat("{\"a\":", 100)) + "1" + new string('}', 100);
        var run = await ReaderRun.OfTextAsync($"{{\"custom_id\":\"deep\",\"method\":\"POST\",\"url\":\"/v1/responses\",\"body\":{{\"model\":\"m\",\"schema\":{nested}}}}}");

        Assert.Equal("deep", run.Request(1).CustomId);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(JsonlReaderOptions.MaxAllowedLineBytes + 1)]
    public void ReadAsync_MaxLineBytesOutOfRange_ThrowsBeforeEnumerating(int maxLineBytes)
    {
        var options = new JsonlReaderOptions { MaxLineBytes = maxLineBytes };

        Assert.Throws<ArgumentOutOfRangeException>(() => JsonlRequestReader.ReadAsync(Stream.Null, options));
    }

    [Fact]
    public void ReadAsync_NoSupportedUrls_ThrowsBeforeEnumerating()
    {
        var options = new JsonlReaderOptions { SupportedUrls = new HashSet<string>() };

        Assert.Throws<ArgumentException>(() => JsonlRequestReader.ReadAsync(Stream.Null, options));
    }

    [Fact]
    public async Task ReadAsync_Cancelled_StopsTheEnumeration()
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(InputLines.Valid("a") + "\n" + InputLines.Valid("b") + "\n"));
        using var cts = new CancellationTokenSource();
        var seen = new List<JobLine>();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var line in JsonlRequestReader.ReadAsync(stream, cancellationToken: cts.Token))
            {
                seen.Add(line);
                await cts.CancelAsync();
            }
        });

        Assert.Single(seen);
    }

    [Fact]
    public async Task ReadAsync_Stats_CountBytesOfTheWholeInput()
    {
        var text = $"{InputLines.Valid("a")}\r\n\r\nnot json\n{InputLines.Valid("b")}";

        var run = await ReaderRun.OfTextAsync(text);

        Assert.Equal(Encoding.UTF8.GetByteCount(text), run.Stats.BytesRead);
        Assert.Equal((4, 2, 1, 1), (run.Stats.TotalLines, run.Stats.RequestLines, run.Stats.InvalidLines, run.Stats.BlankLines));
    }
}
