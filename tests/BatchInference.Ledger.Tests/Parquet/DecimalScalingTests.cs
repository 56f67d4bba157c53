using System.Globalization;
using BatchInference.Ledger.Parquet.Columns;

namespace BatchInference.Ledger.Tests.Parquet;

public sealed class DecimalScalingTests
{
    [Theory]
    [InlineData("1.5", 18, 10, 15_000_000_000L)]
    [InlineData("-0.0000000001", 18, 10, -1L)]
    [InlineData("99999999.9999999999", 18, 10, 999_999_999_999_999_999L)]
    [InlineData("-99999999.9999999999", 18, 10, -999_999_999_999_999_999L)]
    [InlineData("1.50000000000000000000", 18, 10, 15_000_000_000L)]
    [InlineData("0", 9, 2, 0L)]
    [InlineData("-1234567.89", 9, 2, -123_456_789L)]
    [InlineData("42", 2, 0, 42L)]
    public void ToUnscaled_ValueThatFits_IsExact(string value, int precision, int scale, long expected)
    {
        Assert.Equal(expected, DecimalScaling.ToUnscaled(decimal.Parse(value, CultureInfo.InvariantCulture), precision, scale));
    }

    [Theory]
    [InlineData("0.00000000001", 18, 10)]
    [InlineData("1.005", 9, 2)]
    [InlineData("-0.123", 3, 2)]
    public void ToUnscaled_MoreDecimalPlacesThanScale_ThrowsInsteadOfRounding(string value, int precision, int scale)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(
            () => DecimalScaling.ToUnscaled(decimal.Parse(value, CultureInfo.InvariantCulture), precision, scale));
        Assert.Contains("decimal places", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("100000000", 18, 10)]
    [InlineData("-100000000", 18, 10)]
    [InlineData("10000000", 9, 2)]
    [InlineData("79228162514264337593543950335", 18, 0)]
    [InlineData("100", 2, 0)]
    public void ToUnscaled_TooManyIntegerDigits_Throws(string value, int precision, int scale)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(
            () => DecimalScaling.ToUnscaled(decimal.Parse(value, CultureInfo.InvariantCulture), precision, scale));
        Assert.Contains("integer digits", ex.Message, StringComparison.Ordinal);
    }
}
