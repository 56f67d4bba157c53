using System.Reflection;
using System.Text;
using BatchInference.Jobs.Intake;
using BatchInference.Jobs.Sharding;
using BatchInference.Jobs.Tests.Fixtures;

namespace BatchInference.Jobs.Tests.Sharding;

public sealed class ShardEnvelopeReaderTests
{
    private const string Valid = """{"seq":0,"line":1,"custom_id":"a","url":"/v1/embeddings","model":"m","body":{"model":"m"}}""";

    public static TheoryData<string> OddBodies => new()
    {
        """{ "temperature" :1.0e2,"model":"gpt-4o" , "x_unknown": {"z":[1, 2.50, -0.0, 1E-7]},	"n":12345678901234567890123 }""",
        """{"model":"gpt-4o","messages":[{"role":"user","content":"caf\u00e9 é \ud83d\ude00 😀 \" \\ \/ \b\f\n\r\t \u0000"}]}""",
        """{"input":"x","model":"text-embedding-3-small","model":"second-wins","dimensions":256}""",
        """{"model":"m","deep":[[[[[[[[[[[[[[[[[[[[{"a":[{"b":[{"c":null}]}]}]]]]]]]]]]]]]]]]]]]],"big":-1.7976931348623157e+309}""",
        """{"model":"模型-\u00e9","input":"中文 עברית العربية","empty":{},"list":[]}""",
    };

    [Theory]
    [MemberData(nameof(OddBodies))]
    public async Task ReadAsync_RequestBodyWithOddFormatting_ComesBackByteForByte(string body)
    {
        var input = $$"""{"custom_id":"odd-\"id\" \\ é 😀 \u2028","method":"POST","url":"/v1/chat/completions","body":{{body}}}""";
        var original = await ReaderRun.OfTextAsync(input);

        var lines = await WriteThenReadAsync(original.Lines);

        var line = Assert.Single(lines);
        Assert.Equal(0, line.Sequence);
        JobLineAssert.Equivalent(original.Lines[0], line.Line);
        Assert.Equal(Encoding.UTF8.GetBytes(body), ((RequestLine)line.Line).Body.ToArray());
    }

    [Fact]
    public async Task ReadAsync_EveryInvalidLineCode_ComesBackExactly()
    {
        var longLine = """{"custom_id":"long","method":"POST","url":"/v1/embeddings","body":{"model":"m","input":" """ + new string('x', 500) + "\"}}";
        byte[][] input =
        [
            "this is not json"u8.ToArray(),
            [.. "{\"custom_id\":\"u\",\"method\":\"POST\",\"url\":\"/v1/embeddings\",\"body\":{\"model\":\"m\",\"input\":\""u8, 0xFF, .. "\"}}"u8],
            Encoding.UTF8.GetBytes(longLine),
            """{"method":"POST","url":"/v1/embeddings","body":{"model":"m"}}"""u8.ToArray(),
            """{"custom_id":42,"method":"POST","url":"/v1/embeddings","body":{"model":"m"}}"""u8.ToArray(),
            """{"custom_id":"dup","method":"POST","url":"/v1/embeddings","body":{"model":"m"}}"""u8.ToArray(),
            """{"custom_id":"dup","method":"POST","url":"/v1/embeddings","body":{"model":"m"}}"""u8.ToArray(),
            """{"custom_id":"get","method":"GET","url":"/v1/embeddings","body":{"model":"m"}}"""u8.ToArray(),
            """{"custom_id":"url","method":"POST","url":"/v1/\"odd\" \\ é \ud83d\ude00","body":{"model":"m"}}"""u8.ToArray(),
            """{"custom_id":"nobody","method":"POST","url":"/v1/embeddings"}"""u8.ToArray(),
            """{"custom_id":"nomodel","method":"POST","url":"/v1/embeddings","body":{"input":"x"}}"""u8.ToArray(),
        ];
        var original = await ReaderRun.OfBytesAsync([.. input.SelectMany(l => l.Append((byte)'\n'))], new JsonlReaderOptions { MaxLineBytes = 400 });

        var lines = await WriteThenReadAsync(original.Lines);

        Assert.Equal(AllErrorCodes(), original.Lines.OfType<InvalidLine>().Select(l => l.Code).ToHashSet());
        Assert.Equal(original.Lines.Count, lines.Count);
        for (var i = 0; i < lines.Count; i++)
        {
            Assert.Equal(i, lines[i].Sequence);
            JobLineAssert.Equivalent(original.Lines[i], lines[i].Line);
        }
    }

    [Fact]
    public async Task ReadAsync_BodyWithCarriageReturns_ComesBackWithoutWhitespaceBetweenTokens()
    {
        var original = await ReaderRun.OfTextAsync("{\"custom_id\":\"cr\",\"method\":\"POST\",\"url\":\"/v1/embeddings\",\"body\":{ \"model\" : \"m\",\r\"input\" : \"a \\r b\" }}\r\n");

        var line = Assert.Single(await WriteThenReadAsync(original.Lines));

        Assert.Equal("{\"model\":\"m\",\"input\":\"a \\r b\"}", Encoding.UTF8.GetString(((RequestLine)line.Line).Body.Span));
    }

    [Fact]
    public async Task ReadAsync_ThroughSmallReads_ReadsEveryLine()
    {
        var original = await ReaderRun.OfTextAsync(string.Concat(Enumerable.Range(1, 200).Select(i => InputLines.Valid($"id-{i}", model: $"model-{i}") + "\n")));
        var shard = Envelopes(original.Lines);

        var lines = new List<ShardLine>();
        await foreach (var line in ShardEnvelopeReader.ReadAsync(new TrickleStream(shard, 37)))
        {
            lines.Add(line);
        }

        Assert.Equal(200, lines.Count);
        for (var i = 0; i < lines.Count; i++)
        {
            Assert.Equal(i, lines[i].Sequence);
            JobLineAssert.Equivalent(original.Lines[i], lines[i].Line);
        }
    }

    [Fact]
    public async Task ReadAsync_EmptyShard_YieldsNothing()
    {
        Assert.Empty(await SplitRun.ReadShardAsync([]));
    }

    [Fact]
    public async Task ReadAsync_UnknownProperty_IsIgnored()
    {
        var lines = await SplitRun.ReadShardAsync(Encoding.UTF8.GetBytes("""{"seq":4,"x_new":[1,{"a":2}],"line":9,"custom_id":null,"error":{"code":"c","message":"","hint":1}}"""));

        var line = Assert.Single(lines);
        Assert.Equal(new ShardLine(4, new InvalidLine(9, null, "c", "")), line);
    }

    public static TheoryData<string> CorruptLines => new()
    {
        "",
        "not json",
        """{"seq":1,"line":2,"custom_id":"b","url":"/v1/embeddings","model":"m","body":{"model":"m"}""",
        """{"seq":1,"line":2,"custom_id":"b","url":"/v1/embeddings","model":"m","body":{"model":"m"}} {}""",
        """[{"seq":1}]""",
        """{"line":2,"custom_id":"b","url":"/v1/embeddings","model":"m","body":{"model":"m"}}""",
        """{"seq":"1","line":2,"custom_id":"b","url":"/v1/embeddings","model":"m","body":{"model":"m"}}""",
        """{"seq":1.5,"line":2,"custom_id":"b","url":"/v1/embeddings","model":"m","body":{"model":"m"}}""",
        """{"seq":-1,"line":2,"custom_id":"b","url":"/v1/embeddings","model":"m","body":{"model":"m"}}""",
        """{"seq":1,"custom_id":"b","url":"/v1/embeddings","model":"m","body":{"model":"m"}}""",
        """{"seq":1,"line":0,"custom_id":"b","url":"/v1/embeddings","model":"m","body":{"model":"m"}}""",
        """{"seq":1,"line":2,"url":"/v1/embeddings","model":"m","body":{"model":"m"}}""",
        """{"seq":1,"line":2,"custom_id":7,"url":"/v1/embeddings","model":"m","body":{"model":"m"}}""",
        """{"seq":1,"line":2,"custom_id":"b","model":"m","body":{"model":"m"}}""",
        """{"seq":1,"line":2,"custom_id":"b","url":"/v1/embeddings","body":{"model":"m"}}""",
        """{"seq":1,"line":2,"custom_id":"b","url":"/v1/embeddings","model":"m","body":"{}"}""",
        """{"seq":1,"line":2,"custom_id":"b"}""",
        """{"seq":1,"line":2,"custom_id":"b","url":"/v1/embeddings","model":"m","body":{},"error":{"code":"c","message":"m"}}""",
        """{"seq":1,"line":2,"custom_id":null,"error":{"message":"m"}}""",
        """{"seq":1,"line":2,"custom_id":null,"error":{"code":"c"}}""",
        """{"seq":1,"line":2,"custom_id":null,"error":"c"}""",
    };

    [Theory]
    [MemberData(nameof(CorruptLines))]
    public async Task ReadAsync_CorruptEnvelope_ThrowsInvalidDataExceptionNamingTheLine(string corrupt)
    {
        var shard = Encoding.UTF8.GetBytes($"{Valid}\n{corrupt}\n{Valid}\n");
        var read = new List<ShardLine>();

        var ex = await Assert.ThrowsAsync<InvalidDataException>(async () =>
        {
            await foreach (var line in ShardEnvelopeReader.ReadAsync(new MemoryStream(shard)))
            {
                read.Add(line);
            }
        });

        Assert.StartsWith("Shard line 2: ", ex.Message, StringComparison.Ordinal);
        Assert.Single(read);
    }

    [Fact]
    public async Task ReadAsync_CancelledToken_Throws()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var unused in ShardEnvelopeReader.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(Valid)), cts.Token))
            {
            }
        });
    }

    [Fact]
    public void ReadAsync_NullStream_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => ShardEnvelopeReader.ReadAsync(null!));
    }

    private static HashSet<string> AllErrorCodes() =>
        typeof(JobLineErrorCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral)
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToHashSet();

    private static byte[] Envelopes(IEnumerable<JobLine> lines)
    {
        using var writer = new ShardEnvelopeWriter();
        using var shard = new MemoryStream();
        long sequence = 0;
        foreach (var line in lines)
        {
            shard.Write(writer.Write(sequence++, line).Span);
        }

        return shard.ToArray();
    }

    private static Task<IReadOnlyList<ShardLine>> WriteThenReadAsync(IEnumerable<JobLine> lines) => SplitRun.ReadShardAsync(Envelopes(lines));
}
