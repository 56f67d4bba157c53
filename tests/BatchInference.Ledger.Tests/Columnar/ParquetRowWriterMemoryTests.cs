using System.Runtime.CompilerServices;
using BatchInference.Ledger.Columnar;

namespace BatchInference.Ledger.Tests.Columnar;

// A row group is held whole until it is flushed: a repeated value of a dictionary column must not be held once per row.
public sealed class ParquetRowWriterMemoryTests
{
    private static readonly ParquetSchema Schema = new(ParquetColumn.String("model"), ParquetColumn.String("id", dictionary: false));

    [Fact]
    public async Task WriteString_RepeatOfADictionaryValue_IsNotHeldUntilTheFlush()
    {
        await using var writer = new ParquetRowWriter(Stream.Null, Schema);
        await WriteRowAsync(writer, new string('m', 40), "first");

        var repeat = WriteCopy(writer, new string('m', 40));
        await writer.EndRowAsync();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        Assert.False(repeat.IsAlive, "The row group holds a second copy of a value it already has.");
        Assert.Equal(2, writer.RowCount);
        await writer.CompleteAsync();
    }

    [Fact]
    public async Task CompleteAsync_RepeatsAsSharedOrSeparateInstances_WritesTheSameBytes()
    {
        using var shared = new MemoryStream();
        using var separate = new MemoryStream();
        var value = "gpt-4.1-mini";
        await using (var writer = new ParquetRowWriter(shared, Schema))
        {
            for (var i = 0; i < 100; i++)
            {
                await WriteRowAsync(writer, value, $"id-{i}");
            }

            await writer.CompleteAsync();
        }

        await using (var writer = new ParquetRowWriter(separate, Schema))
        {
            for (var i = 0; i < 100; i++)
            {
                await WriteRowAsync(writer, new string(value.AsSpan()), $"id-{i}");
            }

            await writer.CompleteAsync();
        }

        Assert.Equal(shared.ToArray(), separate.ToArray());
    }

    // Not inlined, so no local of the caller keeps the copy alive.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference WriteCopy(ParquetRowWriter writer, string value)
    {
        var copy = new string(value.AsSpan());
        writer.WriteString(0, copy);
        writer.WriteString(1, "second");
        return new WeakReference(copy);
    }

    private static async Task WriteRowAsync(ParquetRowWriter writer, string model, string id)
    {
        writer.WriteString(0, model);
        writer.WriteString(1, id);
        await writer.EndRowAsync();
    }
}
