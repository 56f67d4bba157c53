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
}
