using System.Text.Json;
using BatchInference.Orchestrations.Messages;

namespace BatchInference.Orchestrations.Tests.Decisions;

/// <summary>The queue body of the messages the decisions produce.</summary>
public sealed class EngineMessageJsonTests
{
    private static readonly Dictionary<string, EngineMessage> Samples = new()
    {
        ["start_job"] = new StartJob("job_1", "jobs", "incoming/a b.jsonl", "\"0x8DC1\""),
        ["run_shard"] = new RunShard("job_1", 7),
        ["finish_job"] = new FinishJob("job_1"),
        ["check_job"] = new CheckJob("job_1"),
    };

    [Theory]
    [InlineData("start_job")]
    [InlineData("run_shard")]
    [InlineData("finish_job")]
    [InlineData("check_job")]
    public void TryParse_ToBodyOfEachMessage_RoundTripsWithItsType(string type)
    {
        var message = Samples[type];

        var body = EngineMessageJson.ToBody(message);

        using var document = JsonDocument.Parse(body.ToMemory());
        Assert.Equal(type, document.RootElement.GetProperty("type").GetString());
        Assert.Equal("job_1", document.RootElement.GetProperty("job_id").GetString());
        Assert.Equal(message, EngineMessageJson.TryParse(body));
    }

    [Fact]
    public void ToBody_RunShard_IsCompactSnakeCaseWithTheTypeFirst()
    {
        var body = EngineMessageJson.ToBody(new RunShard("job_1", 7)).ToString();

        // The reader needs "type" first (System.Text.Json reads the discriminator only there by default).
        Assert.StartsWith("""{"type":"run_shard",""", body, StringComparison.Ordinal);
        Assert.DoesNotContain(' ', body);
        Assert.DoesNotContain('\n', body);
        using var document = JsonDocument.Parse(body);
        Assert.Equal(["job_id", "shard", "type"], document.RootElement.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void TryParse_StartJobWithoutETag_KeepsTheNull()
    {
        var message = new StartJob("job_1", "jobs", "incoming/a.jsonl", null);

        Assert.Equal(message, EngineMessageJson.TryParse(EngineMessageJson.ToBody(message)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("42")]
    [InlineData("{}")]
    [InlineData("""{"job_id":"job_1"}""")]
    [InlineData("""{"type":"nope","job_id":"job_1"}""")]
    [InlineData("""{"type":7,"job_id":"job_1"}""")]
    [InlineData("""{"type":"run_shard","job_id":"job_1","shard":"x"}""")]
    [InlineData("""{"type":"run_shard","job_id":null,"shard":1}""")]
    [InlineData("{\"type\":\"finish_job\",\"job_id\":\"job_1\"")]
    public void TryParse_GarbageOrUnknownType_ReturnsNull(string body)
    {
        Assert.Null(EngineMessageJson.TryParse(BinaryData.FromString(body)));
    }

    [Theory]
    [InlineData("""{"type":"check_job"}""")]
    [InlineData("""{"type":"finish_job"}""")]
    [InlineData("""{"type":"run_shard","job_id":"job_1"}""")]
    [InlineData("""{"type":"start_job","job_id":"job_1"}""")]
    public void TryParse_MissingRequiredField_ReturnsNull(string body)
    {
        // A message without its job id (or shard) is not an engine message: parsing it as job null / shard 0 would
        // send work to the wrong place instead of moving the body aside as poison.
        Assert.Null(EngineMessageJson.TryParse(BinaryData.FromString(body)));
    }
}
