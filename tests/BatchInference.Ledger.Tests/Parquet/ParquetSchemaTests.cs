using BatchInference.Ledger.Parquet;

namespace BatchInference.Ledger.Tests.Parquet;

public sealed class ParquetSchemaTests
{
    [Fact]
    public void Constructor_DuplicateName_Throws()
    {
        Assert.Throws<ArgumentException>(() => new ParquetSchema(ParquetColumn.Int64("a"), ParquetColumn.String("a")));
    }

    [Fact]
    public void Constructor_NoColumns_Throws()
    {
        Assert.Throws<ArgumentException>(() => new ParquetSchema());
    }

    [Fact]
    public void IndexOf_KnownAndUnknownName_ReturnsPositionOrThrows()
    {
        var schema = new ParquetSchema(ParquetColumn.Int64("a"), ParquetColumn.String("b"));

        Assert.Equal(1, schema.IndexOf("b"));
        Assert.Throws<KeyNotFoundException>(() => schema.IndexOf("B"));
    }
}
