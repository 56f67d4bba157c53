using System.Buffers.Binary;
using System.Text;
using BatchInference.Ledger.Parquet.Columns;

namespace BatchInference.Ledger.Tests.Parquet;

public sealed class ByteArrayDictionaryTests
{
    [Fact]
    public void GetOrAdd_RepeatedValues_SameIdAndEntriesArePlainInFirstSeenOrder()
    {
        var dictionary = new ByteArrayDictionary();
        var ids = new[] { "b", "a", "b", "", "a" }.Select(v => dictionary.GetOrAdd(Encoding.UTF8.GetBytes(v), 1000, out _)).ToArray();

        Assert.Equal(new[] { 0, 1, 0, 2, 1 }, ids);
        Assert.Equal(3, dictionary.Count);
        Assert.Equal(new byte[] { 1, 0, 0, 0, (byte)'b', 1, 0, 0, 0, (byte)'a', 0, 0, 0, 0 }, dictionary.Entries.ToArray());
    }

    [Fact]
    public void GetOrAdd_ThousandsOfValues_RehashesAndFindsEveryOne()
    {
        var dictionary = new ByteArrayDictionary();
        var values = Enumerable.Range(0, 5000).Select(i => BitConverter.GetBytes(i * 7919)).ToArray();
        foreach (var value in values)
        {
            dictionary.GetOrAdd(value, int.MaxValue, out var added);
            Assert.True(added);
        }

        for (var i = 0; i < values.Length; i++)
        {
            Assert.Equal(i, dictionary.GetOrAdd(values[i], int.MaxValue, out var added));
            Assert.False(added);
        }

        var entries = dictionary.Entries.Span;
        Assert.Equal(4, BinaryPrimitives.ReadInt32LittleEndian(entries));
        Assert.Equal(4999 * 7919, BinaryPrimitives.ReadInt32LittleEndian(entries[((4999 * 8) + 4)..]));
    }

    [Fact]
    public void GetOrAdd_NewValueBeyondMaxBytes_ReturnsMinusOneButFindsExistingValues()
    {
        var dictionary = new ByteArrayDictionary();
        dictionary.GetOrAdd("abc"u8, 10, out _);

        Assert.Equal(-1, dictionary.GetOrAdd("def"u8, 10, out var added));
        Assert.False(added);
        Assert.Equal(0, dictionary.GetOrAdd("abc"u8, 10, out _));
        Assert.Equal((1, 7), (dictionary.Count, dictionary.ByteCount));
    }

    [Fact]
    public void Clear_AfterValues_StartsOverWithIdZero()
    {
        var dictionary = new ByteArrayDictionary();
        dictionary.GetOrAdd("x"u8, 100, out _);
        dictionary.GetOrAdd("y"u8, 100, out _);

        dictionary.Clear();

        Assert.Equal(0, dictionary.GetOrAdd("y"u8, 100, out var added));
        Assert.True(added);
        Assert.Equal(1, dictionary.Count);
    }
}
