using System.Text;
using BatchInference.Jobs.Intake;
using BatchInference.Orchestrations.Planning;

namespace BatchInference.Orchestrations.Tests.Planning;

public sealed class ShardWorkloadBuilderTests
{
    [Fact]
    public void Build_LinesOfSeveralModels_SumsTokensPerModelAndEndpoint()
    {
        var estimator = new WorkloadEstimator();
        var builder = new ShardWorkloadBuilder(4, estimator);
        var lines = new[]
        {
            Line("a", "/v1/chat/completions", """{"model":"gpt-4o-mini","max_tokens":10}"""),
            Line("b", "/v1/embeddings", """{"model":"text-embedding-3-small","input":"x"}"""),
            Line("c", "/v1/chat/completions", """{"model":"gpt-4o-mini","max_tokens":30}"""),
            Line("d", "/v1/chat/completions", """{"model":"gpt-4.1-mini"}"""),
        };
        foreach (var line in lines)
        {
            builder.Add(line);
        }

        var workload = builder.Build();

        Assert.Equal(4, workload.Shard);
        Assert.Equal(4, workload.Lines);
        Assert.Equal(
            [
                new ModelWorkload("gpt-4.1-mini", "/v1/chat/completions", 1, Input(lines[3]), WorkloadEstimator.DefaultOutputTokens),
                new ModelWorkload("gpt-4o-mini", "/v1/chat/completions", 2, Input(lines[0]) + Input(lines[2]), 40),
                new ModelWorkload("text-embedding-3-small", "/v1/embeddings", 1, Input(lines[1]), 0),
            ],
            workload.Models);
    }

    [Fact]
    public void Build_Bytes_AreTheProviderBatchFileTheLinesMake()
    {
        var builder = new ShardWorkloadBuilder(0, new WorkloadEstimator());
        var line = Line("id-é", "/v1/chat/completions", """{"model":"m"}""");
        builder.Add(line);
        builder.Add(line with { CustomId = "id-2" });

        var workload = builder.Build();

        // What a batch input file holds for these two lines, byte for byte.
        var file = """{"custom_id":"id-é","method":"POST","url":"/v1/chat/completions","body":{"model":"m"}}""" + "\n"
            + """{"custom_id":"id-2","method":"POST","url":"/v1/chat/completions","body":{"model":"m"}}""" + "\n";
        Assert.Equal(Encoding.UTF8.GetByteCount(file), workload.Bytes);
    }

    [Fact]
    public void Build_NothingAdded_IsAnEmptyWorkload()
    {
        var workload = new ShardWorkloadBuilder(2, new WorkloadEstimator()).Build();

        Assert.Equal((2, 0L, 0L), (workload.Shard, workload.Lines, workload.Bytes));
        Assert.Empty(workload.Models);
    }

    private static RequestLine Line(string id, string url, string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var model = System.Text.Json.JsonDocument.Parse(bytes).RootElement.GetProperty("model").GetString()!;
        return new RequestLine(1, id, "POST", url, model, bytes);
    }

    private static long Input(RequestLine line) => (line.Body.Length + 3) / 4;
}
