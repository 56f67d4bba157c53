using BatchInference.Api.Files;

namespace BatchInference.Api.Tests.Files;

public sealed class ApiIdsTests
{
    [Fact]
    public void BatchId_JobOf_RoundTrips()
    {
        const string job = "job_0123456789abcdef01234567";

        Assert.Equal("batch_0123456789abcdef01234567", ApiIds.BatchId(job));
        Assert.Equal(job, ApiIds.JobOf(ApiIds.BatchId(job)));
    }

    [Fact]
    public void ResultFileIds_NameTheJobAndTheKind()
    {
        const string job = "job_0123456789abcdef01234567";

        Assert.Equal((job, true), ApiIds.ResultOf(ApiIds.OutputFileId(job)));
        Assert.Equal((job, false), ApiIds.ResultOf(ApiIds.ErrorFileId(job)));
    }

    [Theory]
    [InlineData("batch_../../etc/passwd")]
    [InlineData("batch_0123456789ABCDEF01234567")]
    [InlineData("batch_0123456789abcdef0123456")]
    [InlineData("job_0123456789abcdef01234567")]
    public void JobOf_NotOurBatchId_Null(string id) => Assert.Null(ApiIds.JobOf(id));

    [Theory]
    [InlineData("file-../x-output")]
    [InlineData("file-0123456789abcdef01234567-input")]
    [InlineData("file-0123456789abcdef0123456-output")]
    public void ResultOf_NotOurResultId_Null(string id) => Assert.Null(ApiIds.ResultOf(id));

    [Fact]
    public void NewFileId_IsAnUploadIdAndNeverAResultId()
    {
        var id = ApiIds.NewFileId();

        Assert.True(ApiIds.IsUploadId(id));
        Assert.Null(ApiIds.ResultOf(id));
        Assert.False(ApiIds.IsUploadId("file-../../results/x/output.jsonl"));
    }
}
