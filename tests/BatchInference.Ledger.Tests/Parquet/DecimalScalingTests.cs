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
        Assert.Equal((Int128)expected, DecimalScaling.ToUnscaled(decimal.Parse(value, CultureInfo.InvariantCulture), precision, scale));
    }

    [Theory]
    [InlineData("1000000", 38, 12, "1000000000000000000")]
    [InlineData("-99999999999999999999999999", 38, 12, "-99999999999999999999999999000000000000")]
    [InlineData("79228162514264337593543950335", 38, 0, "79228162514264337593543950335")]
    [InlineData("7922816251426433.7593543950335", 38, 13, "79228162514264337593543950335")]
    public void ToUnscaled_WiderThan18Digits_IsExact(string value, int precision, int scale, string expected)
    {
        Assert.Equal(Int128.Parse(expected, CultureInfo.InvariantCulture), DecimalScaling.ToUnscaled(decimal.Parse(value, CultureInfo.InvariantCulture), precision, scale));
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
    [InlineData("79228162514264337593543950335", 38, 10)]
    [InlineData("-100000000000000000000000000", 38, 12)]
    public void ToUnscaled_TooManyIntegerDigits_Throws(string value, int precision, int scale)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(
            () => DecimalScaling.ToUnscaled(decimal.Parse(value, CultureInfo.InvariantCulture), precision, scale));
        Assert.Contains("integer digits", ex.Message, StringComparison.Ordinal);
    }
}
