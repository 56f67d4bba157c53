using System.Text.RegularExpressions;
using BatchInference.Jobs.Messages;

namespace BatchInference.Jobs.Tests.Messages;

public sealed class JobMessageJobIdTests
{
    [Fact]
    public void For_KnownMessageId_MatchesTheEngineIdScheme()
    {
        // Computed independently: "job_" + hex(SHA-256("message" U+001F message_id))[0..24].
        Assert.Equal("job_fa1a28fca4f7619ae111c7f0", JobMessageJobId.For("search-team/nightly/2026-11-23"));
    }

    [Fact]
    public void For_SameId_SameJob_OtherId_OtherJob()
    {
        Assert.Equal(JobMessageJobId.For("a"), JobMessageJobId.For("a"));
        Assert.NotEqual(JobMessageJobId.For("a"), JobMessageJobId.For("A"));
        Assert.Matches(new Regex("^job_[0-9a-f]{24}$"), JobMessageJobId.For("a"));
    }

    [Fact]
    public void For_Empty_Throws()
    {
        Assert.Throws<ArgumentException>(() => JobMessageJobId.For(string.Empty));
    }
}
