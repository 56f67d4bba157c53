using BatchInference.Jobs.Sharding;

namespace BatchInference.Jobs.Tests.Sharding;

public sealed class ShardLimitsTests
{
    [Fact]
    public void Validate_Defaults_AreTenThousandLines32MiBAnd16OpenSpools()
    {
        var limits = new ShardLimits();

        limits.Validate();
        Assert.Equal((10_000, 32L * 1024 * 1024, 16), (limits.MaxLines, limits.MaxBytes, limits.MaxOpenSpools));
        Assert.Equal(limits, ShardLimits.Default);
    }

    [Theory]
    [InlineData(0, 1L, 1, "MaxLines")]
    [InlineData(-1, 1L, 1, "MaxLines")]
    [InlineData(1, 0L, 1, "MaxBytes")]
    [InlineData(1, -5L, 1, "MaxBytes")]
    [InlineData(1, 1L, 0, "MaxOpenSpools")]
    public void Validate_LimitBelowOne_ThrowsNamingIt(int maxLines, long maxBytes, int maxOpenSpools, string name)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new ShardLimits(maxLines, maxBytes, maxOpenSpools).Validate());

        Assert.Equal(name, ex.ParamName);
    }

    [Fact]
    public void Validate_SmallestLimits_Pass()
    {
        new ShardLimits(1, 1, 1).Validate();
    }
}
