using System.Text;
using BatchInference.Jobs.Intake;
using BatchInference.Jobs.Sharding;
using BatchInference.Jobs.Tests.Fixtures;

namespace BatchInference.Jobs.Tests.Sharding;

public sealed partial class JobSharderTests
{
    [Fact]
    public async Task SplitAsync_MoreLinesThanMaxLines_ClosesEachShardAtMaxLines()
    {
        var text = string.Concat(Enumerable.Range(1, 25).Select(i => InputLines.Valid($"id-{i}") + "\n"));

        var run = await SplitRun.OfTextAsync(text, new ShardLimits(MaxLines: 10));

        Assert.Equal([10L, 10L, 5L], run.Published.Select(s => s.Info.LineCount));
        Assert.Equal([0, 1, 2], run.Published.Select(s => s.Info.Index));
        Assert.Equal([0L, 10L, 20L], run.Published.Select(s => s.Info.FirstSequence));
        Assert.Equal([(1L, 10L), (11L, 20L), (21L, 25L)], run.Published.Select(s => (s.Info.FirstLineNumber, s.Info.LastLineNumber)));
        Assert.All(run.Published, s => Assert.Equal((s.Info.LineCount, 0L), (s.Info.RequestLines, s.Info.InvalidLines)));
        Assert.Equal(run.Result.Shards, run.Published.Select(s => s.Info));
        Assert.Equal((25L, 25L, 0L, 0L, (long)Encoding.UTF8.GetByteCount(text)),
            (run.Result.Lines, run.Result.RequestLines, run.Result.InvalidLines, run.Result.BlankLines, run.Result.BytesRead));
    }

    [Fact]
    public async Task SplitAsync_Publish_GetsAReadOnlyStreamAtZeroOverTheOneSpooledFile()
    {
        var text = string.Concat(Enumerable.Range(1, 7).Select(i => InputLines.Valid($"id-{i}") + "\n"));

        var run = await SplitRun.OfTextAsync(text, new ShardLimits(MaxLines: 3));

        Assert.Equal(3, run.Published.Count);
        Assert.All(run.Published, s =>
        {
            Assert.Equal((0L, s.Bytes.Length, false, 1), (s.StartPosition, s.StreamLength, s.StreamCanWrite, s.SpoolFiles));
            Assert.Equal(s.Bytes.Length, s.Info.Bytes);
            Assert.Equal(s.Info.LineCount, s.Bytes.Count(b => b == (byte)'\n'));
            Assert.Equal((byte)'\n', s.Bytes[^1]);
        });
    }

    [Fact]
    public async Task SplitAsync_ByteLimit_PacksWholeEnvelopesUpToTheLimit()
    {
        var text = string.Concat(Enumerable.Range(1, 40).Select(i => InputLines.Valid($"id-{i}-{new string('m', i * 7 % 53 + 1)}") + "\n"));
        var unsplit = await SplitRun.OfTextAsync(text);
        var envelopeLengths = EnvelopeLengths(Assert.Single(unsplit.Published).Bytes);
        const long maxBytes = 700;

        var run = await SplitRun.OfTextAsync(text, new ShardLimits(MaxBytes: maxBytes));

        Assert.True(run.Published.Count > 3);
        Assert.Equal(unsplit.Published[0].Bytes, run.Published.SelectMany(s => s.Bytes));
        for (var i = 0; i < run.Published.Count; i++)
        {
            var info = run.Published[i].Info;
            Assert.InRange(info.Bytes, 1, maxBytes);
            if (i + 1 < run.Published.Count)
            {
                // Greedy: the next shard's first envelope would not have fitted into this one.
                Assert.True(info.Bytes + envelopeLengths[(int)run.Published[i + 1].Info.FirstSequence] > maxBytes);
            }
        }
    }

    [Fact]
    public async Task SplitAsync_EnvelopeLargerThanMaxBytes_MakesAShardOfItsOwn()
    {
        var big = $$$"""{"custom_id":"big","method":"POST","url":"/v1/chat/completions","body":{"model":"gpt-4o-mini","messages":[{"role":"user","content":"{{{new string('b', 2000)}}}"}]}}""";
        var text = string.Join("\n", InputLines.Valid("s1"), InputLines.Valid("s2"), big, InputLines.Valid("s3"), InputLines.Valid("s4"));
        var smallEnvelope = (await SplitRun.OfTextAsync(InputLines.Valid("s1"))).Published[0].Info.Bytes;

        var run = await SplitRun.OfTextAsync(text, new ShardLimits(MaxBytes: (smallEnvelope * 2) + 10));

        Assert.Equal([2L, 1L, 2L], run.Published.Select(s => s.Info.LineCount));
        Assert.True(run.Published[1].Info.Bytes > 2000);
        Assert.Equal("big", ((RequestLine)Assert.Single(run.ShardLines[1]).Line).CustomId);
    }

    [Fact]
    public async Task SplitAsync_EveryEnvelopeOverMaxBytes_OneLinePerShard()
    {
        var text = string.Join("\n", InputLines.Valid("a"), "not json", InputLines.Valid("c"));

        var run = await SplitRun.OfTextAsync(text, new ShardLimits(MaxBytes: 10));

        Assert.Equal([1L, 1L, 1L], run.Published.Select(s => s.Info.LineCount));
        Assert.Equal([0L, 1L, 2L], run.AllLines.Select(l => l.Sequence));
    }

    [Fact]
    public async Task SplitAsync_BlankAndBadLinesBetween_SequenceAndLineNumbersStayContinuousAcrossGroups()
    {
        string[] input =
        [
            InputLines.Valid("a"), "", "not json", "   ", InputLines.Valid("b"), """{"custom_id":"c","method":"GET","url":"/v1/embeddings","body":{"model":"m"}}""",
            "\t", InputLines.Valid("d"), """{"custom_id":"e","method":"POST","url":"/v1/embeddings"}""", "", "", InputLines.Valid("f"), InputLines.Valid("g"), InputLines.Valid("a"), " ",
        ];
        var text = string.Join("\r\n", input);
        var expected = await ReaderRun.OfTextAsync(text);

        var run = await SplitRun.OfTextAsync(text, new ShardLimits(MaxLines: 3));

        // Invalid lines are a group of their own: the job's order is the shards' lines by sequence.
        var lines = run.AllLines.OrderBy(l => l.Sequence).ToList();
        Assert.Equal(Enumerable.Range(0, expected.Lines.Count).Select(i => (long)i), lines.Select(l => l.Sequence));
        for (var i = 0; i < lines.Count; i++)
        {
            JobLineAssert.Equivalent(expected.Lines[i], lines[i].Line);
        }

        Assert.Equal([3L, 3L, 2L, 1L], run.Published.Select(s => s.Info.LineCount));
        Assert.Equal([false, true, false, true], run.Published.Select(s => s.Info.Group.IsInvalid));
        for (var k = 0; k < run.Published.Count; k++)
        {
            var info = run.Published[k].Info;
            var shardLines = run.ShardLines[k];
            Assert.Equal((shardLines[0].Sequence, shardLines[^1].Sequence), (info.FirstSequence, info.LastSequence));
            Assert.Equal(shardLines.Select(l => l.Sequence).Order(), shardLines.Select(l => l.Sequence));
            Assert.Equal((shardLines[0].Line.LineNumber, shardLines[^1].Line.LineNumber), (info.FirstLineNumber, info.LastLineNumber));
            Assert.Equal(shardLines.Count(l => l.Line is RequestLine), info.RequestLines);
            Assert.Equal(shardLines.Count(l => l.Line is InvalidLine), info.InvalidLines);
        }

        Assert.Equal((9L, 5L, 4L, expected.Stats.BlankLines, expected.Stats.BytesRead),
            (run.Result.Lines, run.Result.RequestLines, run.Result.InvalidLines, run.Result.BlankLines, run.Result.BytesRead));
        Assert.Equal(6L, run.Result.BlankLines);
    }

    [Fact]
    public async Task SplitAsync_DuplicateIdInALaterShard_IsFlaggedAsTheReaderDoes()
    {
        var text = string.Join("\n", InputLines.Valid("a"), InputLines.Valid("b"), InputLines.Valid("c"), InputLines.Valid("a", model: "other"));

        var run = await SplitRun.OfTextAsync(text, new ShardLimits(MaxLines: 2));

        // The duplicate is an invalid line, so it goes to the invalid lines' shard, published last (opened last).
        var duplicate = Assert.IsType<InvalidLine>(Assert.Single(run.ShardLines[2]).Line);
        Assert.Equal((4L, "a", JobLineErrorCodes.DuplicateCustomId), (duplicate.LineNumber, duplicate.CustomId, duplicate.Code));
        Assert.Equal((0L, 1L, 3L), (run.Published[2].Info.RequestLines, run.Published[2].Info.InvalidLines, run.Published[2].Info.FirstSequence));
        JobLineAssert.Equivalent((await ReaderRun.OfTextAsync(text)).Invalid(4), duplicate);
    }

    private static List<long> EnvelopeLengths(byte[] shard)
    {
        var lengths = new List<long>();
        var start = 0;
        for (var i = 0; i < shard.Length; i++)
        {
            if (shard[i] == (byte)'\n')
            {
                lengths.Add(i - start + 1);
                start = i + 1;
            }
        }

        return lengths;
    }

    [Theory]
    [InlineData("", 0)]
    [InlineData("\n \n\t\r\n", 3)]
    public async Task SplitAsync_NoRecordsInInput_PublishesNoShards(string text, long blankLines)
    {
        var run = await SplitRun.OfTextAsync(text);

        Assert.Empty(run.Published);
        Assert.Empty(run.Result.Shards);
        Assert.Equal((0L, blankLines), (run.Result.Lines, run.Result.BlankLines));
    }

    [Fact]
    public async Task SplitAsync_ReaderOptions_AreApplied()
    {
        var options = new JsonlReaderOptions { SupportedUrls = new HashSet<string> { "/v1/embeddings" } };

        var run = await SplitRun.OfTextAsync(InputLines.Valid("a", url: "/v1/chat/completions"), options: options);

        Assert.Equal(JobLineErrorCodes.UnsupportedUrl, Assert.IsType<InvalidLine>(Assert.Single(run.AllLines).Line).Code);
    }
}
