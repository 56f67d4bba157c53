using BatchInference.Jobs.Intake;
using BatchInference.Jobs.Sharding;
using BatchInference.Jobs.Tests.Fixtures;

namespace BatchInference.Jobs.Tests.Sharding;

public sealed partial class JobSharderTests
{
    [Fact]
    public async Task SplitAsync_InterleavedModelsAndEndpoints_EveryShardHoldsOneModelAndEndpoint()
    {
        (string Model, string Url)[] groups = [("gpt-4.1-mini", "/v1/chat/completions"), ("gpt-5-mini", "/v1/chat/completions"), ("gpt-4.1-mini", "/v1/responses")];
        var text = string.Join("\n", Enumerable.Range(0, 30).Select(i => InputLines.Valid($"id-{i}", groups[i % 3].Model, groups[i % 3].Url)));

        var run = await SplitRun.OfTextAsync(text, new ShardLimits(MaxLines: 4));

        for (var k = 0; k < run.Published.Count; k++)
        {
            var requests = run.ShardLines[k].Select(l => Assert.IsType<RequestLine>(l.Line)).ToList();
            var group = run.Published[k].Info.Group;
            Assert.All(requests, r => Assert.Equal((group.Model, group.Url), (r.Model, r.Url)));
        }

        // 10 lines per group in shards of at most 4: 4 + 4 + 2 each, every line once, in input order within a shard.
        Assert.Equal(9, run.Published.Count);
        Assert.Equal(Enumerable.Range(0, 30).Select(i => (long)i), run.AllLines.Select(l => l.Sequence).Order());
        Assert.All(run.ShardLines, lines => Assert.Equal(lines.Select(l => l.Sequence).Order(), lines.Select(l => l.Sequence)));
        Assert.Equal(Enumerable.Range(0, 9), run.Published.Select(s => s.Info.Index));
        Assert.Equal(run.Result.Shards, run.Published.Select(s => s.Info));
    }

    [Fact]
    public async Task SplitAsync_MoreGroupsThanOpenSpools_PublishesEveryLineOnceWithinTheCap()
    {
        const int models = 7;
        var text = string.Join("\n", Enumerable.Range(0, 70).Select(i => InputLines.Valid($"id-{i}", model: $"model-{i % models}")));

        var run = await SplitRun.OfTextAsync(text, new ShardLimits(MaxLines: 100, MaxOpenSpools: 2));

        Assert.Equal(Enumerable.Range(0, 70).Select(i => (long)i), run.AllLines.Select(l => l.Sequence).Order());
        Assert.All(run.Published, s => Assert.InRange(s.SpoolFiles, 1, 2));
        for (var k = 0; k < run.Published.Count; k++)
        {
            var model = run.Published[k].Info.Group.Model;
            Assert.All(run.ShardLines[k], l => Assert.Equal(model, ((RequestLine)l.Line).Model));
        }

        Assert.Equal(70L, run.Published.Sum(s => s.Info.LineCount));
    }

    [Fact]
    public async Task SplitAsync_OpenSpoolCapReached_PublishesTheFullestFirst()
    {
        // a a a b c: when c arrives with a and b open and a cap of 2, a (3 lines) is the fullest and goes first.
        var text = string.Join("\n",
            InputLines.Valid("1", model: "a"), InputLines.Valid("2", model: "a"), InputLines.Valid("3", model: "a"),
            InputLines.Valid("4", model: "b"), InputLines.Valid("5", model: "c"));

        var run = await SplitRun.OfTextAsync(text, new ShardLimits(MaxOpenSpools: 2));

        Assert.Equal(["a", "b", "c"], run.Published.Select(s => s.Info.Group.Model));
        Assert.Equal([3L, 1L, 1L], run.Published.Select(s => s.Info.LineCount));
    }

    [Fact]
    public async Task SplitAsync_InvalidLinesBetweenRequests_GoToAShardOfTheirOwn()
    {
        var text = string.Join("\n", InputLines.Valid("a"), "not json", InputLines.Valid("b"), """{"custom_id":"c"}""", InputLines.Valid("d"));

        var run = await SplitRun.OfTextAsync(text);

        Assert.Equal(2, run.Published.Count);
        Assert.Equal([0L, 2L, 4L], run.ShardLines[0].Select(l => l.Sequence));
        Assert.Equal([1L, 3L], run.ShardLines[1].Select(l => l.Sequence));
        Assert.Equal((ShardGroup.Invalid, 0L, 2L), (run.Published[1].Info.Group, run.Published[1].Info.RequestLines, run.Published[1].Info.InvalidLines));
        Assert.Equal((1L, 5L), (run.Published[0].Info.FirstLineNumber, run.Published[0].Info.LastLineNumber));
    }
}
