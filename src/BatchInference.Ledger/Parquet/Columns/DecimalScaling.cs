namespace BatchInference.Ledger.Parquet.Columns;

/// <summary>
/// Turns a <see cref="decimal"/> into the unscaled integer of a DECIMAL(precision, scale) column, exactly: a value
/// with more significant fractional digits than the scale, or more digits than the precision, is rejected, never
/// rounded. Trailing zeros beyond the scale are fine (1.500 fits scale 1).
/// </summary>
internal static class DecimalScaling
{
    private static readonly ulong[] PowersOfTen = BuildPowersOfTen();

    public static long ToUnscaled(decimal value, int precision, int scale)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var mantissa = ((UInt128)(uint)bits[2] << 64) | ((ulong)(uint)bits[1] << 32) | (uint)bits[0];
        var negative = bits[3] < 0;
        var valueScale = (bits[3] >> 16) & 0xFF;
        var maxUnscaled = PowersOfTen[precision] - 1;

        if (valueScale > scale)
        {
            var divisor = Pow10(valueScale - scale);
            (mantissa, var remainder) = UInt128.DivRem(mantissa, divisor);
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

        var unscaled = (long)(ulong)mantissa;
        return negative ? -unscaled : unscaled;
    }

    private static ArgumentOutOfRangeException TooManyDigits(decimal value, int precision, int scale) =>
        new(nameof(value), value, $"The value needs more than {precision - scale} integer digits to fit DECIMAL({precision},{scale}).");

    private static UInt128 Pow10(int exponent)
    {
        // decimal scales go up to 28, beyond ulong's 10^19.
        UInt128 result = 1;
        for (var i = 0; i < exponent; i++)
        {
            result *= 10;
        }

        return result;
    }

    private static ulong[] BuildPowersOfTen()
    {
        var powers = new ulong[19];
        powers[0] = 1;
        for (var i = 1; i < powers.Length; i++)
        {
            powers[i] = powers[i - 1] * 10;
        }

        return powers;
    }
}
