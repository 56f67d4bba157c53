using BatchInference.Jobs.Intake;

namespace BatchInference.Jobs.Tests.Intake;

public sealed class CustomIdSetTests
{
    [Fact]
    public void Add_SameIdTwice_ReturnsFalseTheSecondTime()
    {
        var set = new CustomIdSet();

        Assert.True(set.Add("request-1"));
        Assert.False(set.Add("request-1"));
        Assert.Equal(1, set.Count);
    }

    [Fact]
    public void Add_IdsDifferingOnlyInCaseOrUnicodeForm_AreDistinct()
    {
        var set = new CustomIdSet();

        Assert.True(set.Add("Request-1"));
        Assert.True(set.Add("request-1"));
        Assert.True(set.Add("caf\u00e9"));
        Assert.True(set.Add("cafe\u0301"));
    }

    [Fact]
    public void Add_ManyDistinctIds_AreAllNew()
    {
        var set = new CustomIdSet();

        Assert.All(Enumerable.Range(0, 100_000), i => Assert.True(set.Add($"id-{i}")));
    }
}
