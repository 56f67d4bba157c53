using BatchInference.Orchestrations.Jobs;

namespace BatchInference.Orchestrations.Tests.Jobs;

public sealed class JobIdTests
{
    [Fact]
    public void ForBlob_SameSource_IsTheSameId()
    {
        Assert.Equal(JobId.ForBlob("jobs", "incoming/a.jsonl", "0x8DC1"), JobId.ForBlob("jobs", "incoming/a.jsonl", "0x8DC1"));
    }

    [Fact]
    public void ForBlob_Always_IsJobPrefixAnd24LowercaseHexDigits()
    {
        var id = JobId.ForBlob("jobs", "incoming/a.jsonl", "0x8DC1");

        Assert.Matches("^job_[0-9a-f]{24}$", id);
    }

    [Theory]
    [InlineData("jobs", "incoming/b.jsonl", "0x8DC1")]
    [InlineData("jobs", "incoming/A.jsonl", "0x8DC1")]
    [InlineData("jobs", "incoming/a.jsonl", "0x8DC2")]
    [InlineData("other", "incoming/a.jsonl", "0x8DC1")]
    public void ForBlob_DifferentPathContainerOrETag_IsADifferentId(string container, string blobName, string etag)
    {
        Assert.NotEqual(JobId.ForBlob("jobs", "incoming/a.jsonl", "0x8DC1"), JobId.ForBlob(container, blobName, etag));
    }

    [Fact]
    public void ForBlob_QuotedETag_IsTheSameIdAsUnquoted()
    {
        Assert.Equal(JobId.ForBlob("jobs", "incoming/a.jsonl", "0x8DC1"), JobId.ForBlob("jobs", "incoming/a.jsonl", "\"0x8DC1\""));
    }

    [Fact]
    public void ForBlob_PartsShiftedAcrossTheBoundary_DoNotCollide()
    {
        Assert.NotEqual(JobId.ForBlob("jobs", "ab", "c"), JobId.ForBlob("jobs", "a", "bc"));
        Assert.NotEqual(JobId.ForBlob("jobsa", "b", "c"), JobId.ForBlob("jobs", "ab", "c"));
    }

    [Theory]
    [InlineData("", "a.jsonl", "e")]
    [InlineData("jobs", "", "e")]
    [InlineData("jobs", "a.jsonl", "")]
    public void ForBlob_EmptyPart_Throws(string container, string blobName, string etag)
    {
        Assert.Throws<ArgumentException>(() => JobId.ForBlob(container, blobName, etag));
    }

    [Fact]
    public void ForMessage_SameMessageId_SameJob_AndNeverABlobJobsId()
    {
        Assert.Equal(JobId.ForMessage("m-1"), JobId.ForMessage("m-1"));
        Assert.NotEqual(JobId.ForMessage("m-1"), JobId.ForMessage("m-2"));
        Assert.Equal(BatchInference.Jobs.Messages.JobMessageJobId.For("m-1"), JobId.ForMessage("m-1"));
        Assert.Matches("^job_[0-9a-f]{24}$", JobId.ForMessage("m-1"));
    }
}
