using System.Reflection;
using System.Text.Json;
using BatchInference.Orchestrations.State;

namespace BatchInference.Orchestrations.Tests.State;

public sealed class StateJsonContextTests
{
    private static readonly DateTimeOffset Created = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

    private static JobState FullJob() => new()
    {
        JobId = "job_1",
        Source = new JobSource("jobs", "incoming/a.jsonl", "\"0x8DC1\""),
        Status = JobStatus.CompletedWithErrors,
        FailureReason = "reason",
        CreatedAt = Created,
        StartedAt = Created.AddMinutes(1),
        FinishedAt = Created.AddMinutes(9),
        Deadline = Created.AddHours(24),
        BudgetUsd = 12.345m,
        Tags = new Dictionary<string, string> { ["team"] = "search", ["Project"] = "Evals" },
        InputBytes = 123_456_789_012,
        Lines = 1_000_000,
        ShardCount = 3,
        ShardsFinished = [2, 0, 1],
        CancelRequested = true,
        UpdatedAt = Created.AddMinutes(10),
    };

    private static ShardState FullShard() => new()
    {
        JobId = "job_1",
        Index = 4,
        FirstSequence = 40_000,
        LineCount = 10_000,
        FirstLineNumber = 40_003,
        LastLineNumber = 50_010,
        Bytes = 9_876_543,
        Status = ShardStatus.Stopped,
        Runs = 2,
        StartedAt = Created.AddMinutes(2),
        FinishedAt = Created.AddMinutes(7),
        UpdatedAt = Created.AddMinutes(7),
    };

    [Fact]
    public void JobState_RoundTrip_KeepsEveryField()
    {
        var job = FullJob();

        var json = JsonSerializer.SerializeToUtf8Bytes(job, StateJsonContext.Default.JobState);
        var back = JsonSerializer.Deserialize(json, StateJsonContext.Default.JobState);

        Assert.NotNull(back);
        Assert.Equivalent(job, back, strict: true);
        Assert.Equal(json, JsonSerializer.SerializeToUtf8Bytes(back, StateJsonContext.Default.JobState));
    }

    [Fact]
    public void JobState_FreshlySubmitted_RoundTripsItsNullsAndEmpties()
    {
        var job = new JobState { JobId = "job_2", Source = new JobSource("jobs", "x.jsonl", null), Status = JobStatus.Pending, CreatedAt = Created };

        var back = JsonSerializer.Deserialize(JsonSerializer.SerializeToUtf8Bytes(job, StateJsonContext.Default.JobState), StateJsonContext.Default.JobState);

        Assert.NotNull(back);
        Assert.Equivalent(job, back, strict: true);
        Assert.Null(back.Source.ETag);
        Assert.Null(back.ShardCount);
        Assert.Empty(back.ShardsFinished);
        Assert.Empty(back.Tags);
    }

    [Fact]
    public void JobState_Serialized_HasSnakeCaseNamesAndNoComputedProperties()
    {
        using var document = JsonDocument.Parse(JsonSerializer.SerializeToUtf8Bytes(FullJob(), StateJsonContext.Default.JobState));
        var root = document.RootElement;

        Assert.Equal(StoredNames<JobState>(), root.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Contains("shards_finished", StoredNames<JobState>());
        Assert.DoesNotContain("all_shards_finished", StoredNames<JobState>());
        Assert.DoesNotContain("stop_requested", StoredNames<JobState>());
        Assert.Equal(["blob", "container", "e_tag"], root.GetProperty("source").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal("completed_with_errors", root.GetProperty("status").GetString());
        Assert.Equal("Evals", root.GetProperty("tags").GetProperty("Project").GetString());
    }

    [Fact]
    public void ShardState_RoundTrip_KeepsEveryField()
    {
        var shard = FullShard();

        var json = JsonSerializer.SerializeToUtf8Bytes(shard, StateJsonContext.Default.ShardState);
        var back = JsonSerializer.Deserialize(json, StateJsonContext.Default.ShardState);

        Assert.Equal(shard, back);
    }

    [Fact]
    public void ShardState_Serialized_HasSnakeCaseNamesAndNoComputedProperties()
    {
        using var document = JsonDocument.Parse(JsonSerializer.SerializeToUtf8Bytes(FullShard(), StateJsonContext.Default.ShardState));

        Assert.Equal(StoredNames<ShardState>(), document.RootElement.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Contains("first_line_number", StoredNames<ShardState>());
        Assert.DoesNotContain("is_finished", StoredNames<ShardState>());
        Assert.Equal("stopped", document.RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public void JobState_UnknownMember_IsRejected()
    {
        var json = JsonSerializer.Serialize(FullJob(), StateJsonContext.Default.JobState).Replace("\"job_id\"", "\"extra\": 1, \"job_id\"", StringComparison.Ordinal);

        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize(json, StateJsonContext.Default.JobState));
    }

    [Fact]
    public void ShardState_UnknownMember_IsRejected()
    {
        const string json = """{"job_id":"job_1","index":0,"first_sequence":0,"line_count":1,"lease_owner":"w1"}""";

        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize(json, StateJsonContext.Default.ShardState));
    }

    [Fact]
    public void JobState_MissingRequiredMember_IsRejected()
    {
        const string json = """{"job_id":"job_1","status":"pending","created_at":"2026-03-01T08:00:00+00:00"}""";

        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize(json, StateJsonContext.Default.JobState));
    }

    [Fact]
    public void JobState_NullWhereNotNullable_IsRejected()
    {
        var json = JsonSerializer.Serialize(FullJob(), StateJsonContext.Default.JobState).Replace("\"job_id\": \"job_1\"", "\"job_id\": null", StringComparison.Ordinal);
        Assert.Contains("\"job_id\": null", json, StringComparison.Ordinal);

        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize(json, StateJsonContext.Default.JobState));
    }

    [Fact]
    public void JobState_UnknownStatus_IsRejected()
    {
        var json = JsonSerializer.Serialize(FullJob(), StateJsonContext.Default.JobState)
            .Replace("\"completed_with_errors\"", "\"paused\"", StringComparison.Ordinal);

        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize(json, StateJsonContext.Default.JobState));
    }

    /// <summary>The snake_case names of the type's stored properties: every public one with a setter.</summary>
    private static List<string> StoredNames<T>() =>
        [.. typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.SetMethod is not null)
            .Select(p => JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name))
            .Order(StringComparer.Ordinal)];
}
