using BatchInference.Orchestrations.Layout;

namespace BatchInference.Orchestrations.Tests.Layout;

public sealed class StorageLayoutTests
{
    [Theory]
    [InlineData("incoming/x.jsonl", "incoming/x.job.json")]
    [InlineData("x.jsonl", "x.job.json")]
    [InlineData("incoming/team/X.JSONL", "incoming/team/X.job.json")]
    [InlineData("incoming/x.json", "incoming/x.json.job.json")]
    [InlineData("incoming/x", "incoming/x.job.json")]
    [InlineData("incoming/x.jsonl.gz", "incoming/x.jsonl.gz.job.json")]
    [InlineData("incoming/a.jsonl.jsonl", "incoming/a.jsonl.job.json")]
    public void Sidecar_InputName_IsTheStemWithJobJson(string input, string expected)
    {
        Assert.Equal(expected, StorageLayout.Sidecar(input));
    }

    [Fact]
    public void Sidecar_EmptyName_Throws()
    {
        Assert.Throws<ArgumentException>(() => StorageLayout.Sidecar(""));
    }

    [Fact]
    public void ResultPaths_JobId_AreUnderTheJobFolder()
    {
        Assert.Equal("job_1/output.jsonl", StorageLayout.Output("job_1"));
        Assert.Equal("job_1/errors.jsonl", StorageLayout.Errors("job_1"));
        Assert.Equal("job_1/summary.json", StorageLayout.Summary("job_1"));
        Assert.Equal("job_1/part-00007.jsonl", StorageLayout.LedgerPart("job_1", 7));
    }

    [Fact]
    public void SpendReport_ChargeDate_IsAHivePartition()
    {
        Assert.Equal("spend/date=2026-03-09/part-job_1.parquet", StorageLayout.SpendReport(new DateOnly(2026, 3, 9), "job_1"));
    }

    [Fact]
    public void Containers_Always_ListsEveryContainerTheRunnerWrites()
    {
        Assert.Equal(["jobs", "work", "results", "ledger", "reports"], StorageLayout.Containers);
    }

    [Fact]
    public void WorkPaths_JobAndShard_AreUnderTheJobFolderWithFiveDigitShards()
    {
        Assert.Equal("job_1/job.json", StorageLayout.JobState("job_1"));
        Assert.Equal("job_1/job.lock", StorageLayout.JobLock("job_1"));
        Assert.Equal("job_1/shards/", StorageLayout.ShardsPrefix("job_1"));
        Assert.Equal("job_1/shards/00007/", StorageLayout.ShardPrefix("job_1", 7));
        Assert.Equal("job_1/shards/00007/input.jsonl", StorageLayout.ShardInput("job_1", 7));
        Assert.Equal("job_1/shards/00007/state.json", StorageLayout.ShardState("job_1", 7));
        Assert.Equal("job_1/shards/00007/results/", StorageLayout.ShardPartsPrefix("job_1", 7));
        Assert.Equal("job_1/shards/00007/results/part-000042.jsonl", StorageLayout.ShardPart("job_1", 7, 42));
    }

    [Fact]
    public void ShardPrefix_DifferentShards_AreNotPrefixesOfEachOther()
    {
        // Listing shard 1's parts must not pick up shard 10's (or 100's).
        Assert.False(StorageLayout.ShardPart("job_1", 10, 0).StartsWith(StorageLayout.ShardPartsPrefix("job_1", 1), StringComparison.Ordinal));
        Assert.False(StorageLayout.ShardPart("job_1", 100, 0).StartsWith(StorageLayout.ShardPrefix("job_1", 10), StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(42)]
    [InlineData(999_999)]
    [InlineData(1_000_000)]
    [InlineData(int.MaxValue)]
    public void PartNumber_ShardPartName_ReadsTheNumberBack(int part)
    {
        Assert.Equal(part, StorageLayout.PartNumber(StorageLayout.ShardPart("job_1", 3, part)));
    }

    [Theory]
    [InlineData("job_1/shards/00003/results/part-.jsonl")]
    [InlineData("job_1/shards/00003/results/part-12a.jsonl")]
    [InlineData("job_1/shards/00003/results/part-+1.jsonl")]
    [InlineData("job_1/shards/00003/results/part--1.jsonl")]
    [InlineData("job_1/shards/00003/results/part- 1.jsonl")]
    [InlineData("job_1/shards/00003/results/part-000001.json")]
    [InlineData("job_1/shards/00003/results/part-000001.jsonl.tmp")]
    [InlineData("job_1/shards/00003/results/xpart-000001.jsonl")]
    [InlineData("job_1/shards/00003/results/part-99999999999.jsonl")]
    [InlineData("job_1/shards/00003/results/part-000001.jsonl/")]
    [InlineData("job_1/shards/00003/state.json")]
    [InlineData("")]
    public void PartNumber_NotAPartName_IsNull(string blobName)
    {
        Assert.Null(StorageLayout.PartNumber(blobName));
    }

    [Theory]
    [InlineData("job_1/shards/00000/state.json", 0)]
    [InlineData("job_1/shards/00003/input.jsonl", 3)]
    [InlineData("job_1/shards/12345/results/part-000001.jsonl", 12345)]
    [InlineData("job_1/shards/123456/state.json", 123456)]
    public void ShardNumber_NameUnderTheJobsShards_ReadsTheShard(string blobName, int expected)
    {
        Assert.Equal(expected, StorageLayout.ShardNumber("job_1", blobName));
    }

    [Theory]
    [InlineData("job_12/shards/00003/state.json")]
    [InlineData("job_1/shards/00003")]
    [InlineData("job_1/shards//state.json")]
    [InlineData("job_1/shards/abc/state.json")]
    [InlineData("job_1/shards/-1/state.json")]
    [InlineData("job_1/job.json")]
    [InlineData("other/job_1/shards/00003/state.json")]
    public void ShardNumber_NameOutsideTheJobsShards_IsNull(string blobName)
    {
        Assert.Null(StorageLayout.ShardNumber("job_1", blobName));
    }

    [Fact]
    public void ShardNumber_ShardPrefixOfAnyShard_ReadsItBack()
    {
        Assert.Equal(77, StorageLayout.ShardNumber("job_1", StorageLayout.ShardState("job_1", 77)));
    }
}
