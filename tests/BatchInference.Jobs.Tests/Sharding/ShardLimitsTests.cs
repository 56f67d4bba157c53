using BatchInference.Jobs.Sharding;

namespace BatchInference.Jobs.Tests.Sharding;

public sealed class ShardLimitsTests
{
    [Fact]
    public void Validate_Defaults_AreTenThousandLinesAnd32MiB()
    {
        var limits = new ShardLimits();

        limits.Validate();
        Assert.Equal((10_000, 32L * 1024 * 1024), (limits.MaxLines, limits.MaxBytes));
        Assert.Equal(limits, ShardLimits.Default);
    }

    [Theory]
    [InlineData(0, 1L, "MaxLines")]
    [InlineData(-1, 1L, "MaxLines")]
    [InlineData(1, 0L, "MaxBytes")]
    [InlineData(1, -5L, "MaxBytes")]
    public void Validate_LimitBelowOne_ThrowsNamingIt(int maxLines, long maxBytes, string name)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new ShardLimits(maxLines, maxBytes).Validate());

        Assert.Equal(name, ex.ParamName);
    }

    [Fact]
    public void Validate_SmallestLimits_Pass()
    {
        new ShardLimits(1, 1).Validate();
    }
}
