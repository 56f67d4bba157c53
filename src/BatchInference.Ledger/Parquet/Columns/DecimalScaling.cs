namespace BatchInference.Ledger.Parquet.Columns;

/// <summary>
/// Turns a <see cref="decimal"/> into the unscaled integer of a DECIMAL(precision, scale) column, exactly: a value
/// with more significant fractional digits than the scale, or more digits than the precision, is rejected, never
/// rounded. Trailing zeros beyond the scale are fine (1.500 fits scale 1). Precision goes up to 38, so the unscaled
/// value is an <see cref="Int128"/> (10^38 - 1 &lt; 2^127).
/// </summary>
internal static class DecimalScaling
{
    // decimal scales go up to 28 and precisions to 38: both index this table.
    private static readonly UInt128[] PowersOfTen = BuildPowersOfTen();

    /// <summary>The largest unscaled value of the precision, 10^precision - 1.</summary>
    public static UInt128 MaxUnscaled(int precision) => PowersOfTen[precision] - 1;

    public static Int128 ToUnscaled(decimal value, int precision, int scale)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var mantissa = ((UInt128)(uint)bits[2] << 64) | ((ulong)(uint)bits[1] << 32) | (uint)bits[0];
        var negative = bits[3] < 0;
        var valueScale = (bits[3] >> 16) & 0xFF;
        var maxUnscaled = MaxUnscaled(precision);

        if (valueScale > scale)
        {
            (mantissa, var remainder) = UInt128.DivRem(mantissa, PowersOfTen[valueScale - scale]);
            if (remainder != 0)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(value), value, $"The value has more than {scale} decimal places; DECIMAL({precision},{scale}) would have to round it.");
            }
        }
        else if (valueScale < scale)
        {
            var factor = PowersOfTen[scale - valueScale];
            if (mantissa > maxUnscaled / factor)
            {
                throw TooManyDigits(value, precision, scale);
            }

            mantissa *= factor;
        }

        if (mantissa > maxUnscaled)
        {
            throw TooManyDigits(value, precision, scale);
        }

        var unscaled = (Int128)mantissa;
        return negative ? -unscaled : unscaled;
    }

    private static ArgumentOutOfRangeException TooManyDigits(decimal value, int precision, int scale) =>
        new(nameof(value), value, $"The value needs more than {precision - scale} integer digits to fit DECIMAL({precision},{scale}).");

    private static UInt128[] BuildPowersOfTen()
    {
        var powers = new UInt128[ParquetColumn.MaxDecimalPrecision + 1];
        powers[0] = 1;
        for (var i = 1; i < powers.Length; i++)
        {
            powers[i] = powers[i - 1] * 10;
        }

        return powers;
    }
}
