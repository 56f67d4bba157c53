using System.Text.RegularExpressions;
using BatchInference.Jobs.Output;

namespace BatchInference.Jobs.Tests.Output;

public sealed class BatchRequestIdTests
{
    [Fact]
    public void Create_SameJobAndLine_IsTheSameIdEveryTime()
    {
        Assert.Equal(BatchRequestId.Create("job-1", 7), BatchRequestId.Create("job-1", 7));
    }

    [Fact]
    public void Create_AnyInput_LooksLikeAnOpenAiBatchRequestId()
    {
        Assert.Matches(new Regex("^batch_req_[0-9a-f]{32}$"), BatchRequestId.Create("jobs/incoming/a.jsonl@0x8DC", 1));
    }

    [Fact]
    public void Create_DifferentJobOrLine_GivesDifferentIds()
    {
        var ids = new[]
        {
            BatchRequestId.Create("job-1", 1),
            BatchRequestId.Create("job-1", 2),
            BatchRequestId.Create("job-2", 1),
            BatchRequestId.Create("job-1", 11),
            BatchRequestId.Create("job-11", 1),
        };

        Assert.Equal(ids.Length, ids.Distinct().Count());
    }

    [Fact]
    public void Create_InvalidArguments_Throw()
    {
        Assert.Throws<ArgumentException>(() => BatchRequestId.Create("", 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => BatchRequestId.Create("job", 0));
    }
}
