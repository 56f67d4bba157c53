using System.Text;
using BatchInference.Ledger.Parquet;

namespace BatchInference.Ledger.Tests.Parquet;

public sealed partial class ParquetWriterTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("parquet-writer-tests-").FullName;

    private static ParquetSchema TwoColumns { get; } =
        new(ParquetColumn.Int64("id"), ParquetColumn.String("note", nullable: true));

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Constructor_ReadOnlyStream_Throws()
    {
        using var readOnly = new MemoryStream([], writable: false);

        Assert.Throws<ArgumentException>(() => new ParquetWriter(readOnly, TwoColumns));
    }

    [Fact]
    public void Constructor_InvalidOptions_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(
            () => new ParquetWriter(new MemoryStream(), TwoColumns, new() { RowGroupMaxRows = 0 }));
    }

    [Fact]
    public void WriteInt64_StringColumn_ThrowsWithColumnName()
    {
        var writer = new ParquetWriter(new MemoryStream(), TwoColumns);

        var ex = Assert.Throws<ArgumentException>(() => writer.WriteInt64(1, 5));
        Assert.Contains("'note'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteTimestamp_Int64Column_Throws()
    {
        var writer = new ParquetWriter(new MemoryStream(), TwoColumns);

        Assert.Throws<ArgumentException>(() => writer.WriteTimestamp(0, DateTimeOffset.UnixEpoch));
    }

    [Fact]
    public void WriteNull_RequiredColumn_Throws()
    {
        var writer = new ParquetWriter(new MemoryStream(), TwoColumns);

        Assert.Throws<ArgumentException>(() => writer.WriteNull(0));
        Assert.Throws<ArgumentException>(() => writer.WriteInt64(0, null));
    }

    [Fact]
    public void WriteInt64_ColumnOutOfRange_Throws()
    {
        var writer = new ParquetWriter(new MemoryStream(), TwoColumns);

        Assert.Throws<ArgumentOutOfRangeException>(() => writer.WriteInt64(2, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.WriteInt64(-1, 1));
    }

    [Fact]
    public void WriteInt64_SameColumnTwiceInARow_Throws()
    {
        var writer = new ParquetWriter(new MemoryStream(), TwoColumns);
        writer.WriteInt64(0, 1);

        Assert.Throws<InvalidOperationException>(() => writer.WriteInt64(0, 2));
    }

    [Fact]
    public async Task EndRowAsync_MissingColumn_ThrowsAndTheRowCanStillBeCompleted()
    {
        var writer = new ParquetWriter(new MemoryStream(), TwoColumns);
        writer.WriteInt64(0, 1);

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => writer.EndRowAsync().AsTask());
        Assert.Contains("'note'", ex.Message, StringComparison.Ordinal);

        writer.WriteString(1, "late");
        await writer.EndRowAsync();
        Assert.Equal(1, writer.RowCount);
    }

    [Fact]
    public void WriteDecimal_MoreDecimalPlacesThanScale_ThrowsAndLeavesTheColumnUnwritten()
    {
        var writer = new ParquetWriter(new MemoryStream(), new ParquetSchema(ParquetColumn.Decimal("cost", 18, 2)));

        Assert.Throws<ArgumentOutOfRangeException>(() => writer.WriteDecimal(0, 1.005m));

        writer.WriteDecimal(0, 1.01m);
    }

    [Fact]
    public void WriteString_UnpairedSurrogate_Throws()
    {
        var writer = new ParquetWriter(new MemoryStream(), TwoColumns);

        Assert.Throws<ArgumentException>(() => writer.WriteString(1, "bad \uD800 text"));
        writer.WriteString(1, "good");
    }

    [Fact]
    public void WriteStringUtf8_InvalidUtf8_Throws()
    {
        var writer = new ParquetWriter(new MemoryStream(), TwoColumns);

        Assert.Throws<ArgumentException>(() => writer.WriteStringUtf8(1, [0xC3, 0x28]));
        writer.WriteStringUtf8(1, Encoding.UTF8.GetBytes("é"));
    }

    [Fact]
    public async Task CompleteAsync_RowStartedButNotEnded_Throws()
    {
        var writer = new ParquetWriter(new MemoryStream(), TwoColumns);
        writer.WriteInt64(0, 1);

        await Assert.ThrowsAsync<InvalidOperationException>(() => writer.CompleteAsync());
    }

    [Fact]
    public async Task WriteInt64_AfterCompletion_Throws()
    {
        var output = new MemoryStream();
        var writer = new ParquetWriter(output, TwoColumns);
        await writer.CompleteAsync();

        Assert.Throws<InvalidOperationException>(() => writer.WriteInt64(0, 1));
        await Assert.ThrowsAsync<InvalidOperationException>(() => writer.CompleteAsync());
        Assert.Equal("PAR1"u8.ToArray(), output.ToArray()[..4]);
        Assert.Equal("PAR1"u8.ToArray(), output.ToArray()[^4..]);
    }

    [Fact]
    public async Task EndRowAsync_StreamFailsDuringFlush_LeavesTheWriterUnusable()
    {
        var stream = new ForwardOnlyStream(new MemoryStream()) { FailWrites = true };
        var writer = new ParquetWriter(stream, TwoColumns, new() { RowGroupMaxRows = 1 });
        writer.WriteInt64(0, 1);
        writer.WriteNull(1);

        await Assert.ThrowsAsync<IOException>(() => writer.EndRowAsync().AsTask());

        stream.FailWrites = false;
        var ex = Assert.Throws<InvalidOperationException>(() => writer.WriteInt64(0, 2));
        Assert.Contains("unusable", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EndRowAsync_RowGroupMaxBytesReached_FlushesEvenBelowMaxRows()
    {
        var writer = new ParquetWriter(new MemoryStream(), TwoColumns, new() { RowGroupMaxBytes = 1 });
        for (var i = 0; i < 3; i++)
        {
            writer.WriteInt64(0, i);
            writer.WriteString(1, "x");
            await writer.EndRowAsync();
        }

        Assert.Equal(3, writer.RowGroupCount);
    }
}
