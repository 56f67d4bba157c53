using BatchInference.Ledger.Parquet;

namespace BatchInference.Ledger.Tests.Parquet;

public sealed class ParquetColumnTests
{
    [Theory]
    [InlineData(0, 0)]
    [InlineData(39, 2)]
    [InlineData(10, -1)]
    [InlineData(5, 6)]
    public void Decimal_PrecisionOrScaleOutOfRange_Throws(int precision, int scale)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ParquetColumn.Decimal("d", precision, scale));
    }

    [Fact]
    public void Decimal_ValidPrecisionAndScale_KeepsThem()
    {
        var column = ParquetColumn.Decimal("cost", 18, 10, nullable: true);

        Assert.Equal((ParquetColumnType.Decimal, 18, 10, true), (column.Type, column.Precision, column.Scale, column.IsNullable));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    public void String_BlankName_Throws(string name)
    {
        Assert.ThrowsAny<ArgumentException>(() => ParquetColumn.String(name));
    }

    [Fact]
    public void String_Default_UsesDictionaryUnlessOptedOut()
    {
        Assert.True(ParquetColumn.String("currency").UseDictionary);
        Assert.False(ParquetColumn.String("id", dictionary: false).UseDictionary);
    }

    [Fact]
    public void Binary_Default_NoDictionaryUnlessOptedIn()
    {
        Assert.False(ParquetColumn.Binary("payload").UseDictionary);
        Assert.True(ParquetColumn.Binary("hash", dictionary: true).UseDictionary);
        Assert.False(ParquetColumn.Int64("n").UseDictionary);
    }
}
