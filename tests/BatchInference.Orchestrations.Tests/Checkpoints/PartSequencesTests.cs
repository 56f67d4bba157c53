using BatchInference.Orchestrations.Checkpoints;

namespace BatchInference.Orchestrations.Tests.Checkpoints;

public sealed class PartSequencesTests
{
    [Fact]
    public void Encode_OutOfOrderWithGapsAndRepeats_WritesSortedRanges()
    {
        Assert.Equal("3-5,7,9-10", PartSequences.Encode([9, 5, 3, 4, 7, 10, 4]));
    }

    [Fact]
    public void Encode_Nothing_IsEmpty()
    {
        Assert.Equal(string.Empty, PartSequences.Encode([]));
    }

    [Fact]
    public void Encode_TooManyRangesForMetadata_IsNull()
    {
        // Every other number: one range each, far past what a blob's 8 KiB of metadata holds.
        Assert.Null(PartSequences.Encode(Enumerable.Range(0, 2_000).Select(i => 1_000_000L + (2 * i))));
    }

    [Fact]
    public void AddTo_Encoded_GivesBackTheSameSet()
    {
        long[] sequences = [0, 1, 2, 40, 41, 99, 1_000_000_007];
        var done = new HashSet<long> { 5 };

        PartSequences.AddTo(PartSequences.Encode(sequences)!, done);

        Assert.Equal([0, 1, 2, 5, 40, 41, 99, 1_000_000_007], done.Order());
    }

    [Theory]
    [InlineData("1-x")]
    [InlineData("5-3")]
    [InlineData("-3")]
    [InlineData("2 ")]
    public void AddTo_NotRanges_ThrowsInvalidDataException(string ranges)
    {
        Assert.Throws<InvalidDataException>(() => PartSequences.AddTo(ranges, new HashSet<long>()));
    }
}
