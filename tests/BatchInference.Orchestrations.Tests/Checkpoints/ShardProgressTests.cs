using BatchInference.Orchestrations.Checkpoints;

namespace BatchInference.Orchestrations.Tests.Checkpoints;

public sealed class ShardProgressTests
{
    private static readonly ShardProgress Sample = new(Lines: 1_000_003, Succeeded: 999_000, Failed: 2, Invalid: 1001, PaidAttempts: 999_123, Cost: 12.000000123456789m);

    [Fact]
    public void FromMetadata_ToMetadata_RoundTripsEveryCounterExactly()
    {
        Assert.Equal(Sample, ShardProgress.FromMetadata(Sample.ToMetadata()));
    }

    [Fact]
    public void ToMetadata_Always_UsesTheDocumentedNamesAndInvariantNumbers()
    {
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["lines"] = "1000003",
                ["succeeded"] = "999000",
                ["failed"] = "2",
                ["invalid"] = "1001",
                ["paid"] = "999123",
                ["cost"] = "12.000000123456789",
            },
            Sample.ToMetadata());
    }

    [Fact]
    public void FromMetadata_Null_IsZero()
    {
        Assert.Equal(ShardProgress.Zero, ShardProgress.FromMetadata(null));
    }

    [Fact]
    public void FromMetadata_MissingCounters_AreZero()
    {
        var progress = ShardProgress.FromMetadata(new Dictionary<string, string> { ["lines"] = "4", ["cost"] = "0.5" });

        Assert.Equal(new ShardProgress(4, 0, 0, 0, 0, 0.5m), progress);
    }

    [Fact]
    public void Add_TwoCounters_SumsEveryField()
    {
        var sum = new ShardProgress(1, 2, 3, 4, 5, 0.25m).Add(new ShardProgress(10, 20, 30, 40, 50, 1.5m));

        Assert.Equal(new ShardProgress(11, 22, 33, 44, 55, 1.75m), sum);
    }

    [Theory]
    [InlineData(nameof(ResultKind.Succeeded), 1, 0, 0)]
    [InlineData(nameof(ResultKind.Failed), 0, 1, 0)]
    [InlineData(nameof(ResultKind.Invalid), 0, 0, 1)]
    public void Add_Record_CountsOneLineOfItsKindWithItsPaidAttemptsAndCost(string kind, long succeeded, long failed, long invalid)
    {
        var record = new PartRecordInfo(7, Enum.Parse<ResultKind>(kind), PaidAttempts: 2, Cost: 0.003m, Bytes: []);

        var progress = new ShardProgress(10, 5, 3, 2, 8, 1m).Add(record);

        Assert.Equal(new ShardProgress(11, 5 + succeeded, 3 + failed, 2 + invalid, 10, 1.003m), progress);
    }
}
