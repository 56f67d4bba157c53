using BatchInference.Storage.Blobs;

namespace BatchInference.Storage.Tests.Blobs;

public sealed class BlobNamesTests
{
    [Theory]
    [InlineData("plain.txt", "plain.txt")]
    [InlineData("dir/sub/file name.jsonl", "dir/sub/file%20name.jsonl")]
    [InlineData("a#b?c%d+e", "a%23b%3Fc%25d%2Be")]
    [InlineData("résumé/日本語.txt", "r%C3%A9sum%C3%A9/%E6%97%A5%E6%9C%AC%E8%AA%9E.txt")]
    [InlineData("back\\slash", "back%5Cslash")]
    public void EscapeBlobName_SpecialCharacters_EncodesEachSegmentKeepingSlashes(string name, string expected) =>
        Assert.Equal(expected, BlobNames.EscapeBlobName(name));

    [Theory]
    [InlineData("")]
    [InlineData("a/../b")]
    [InlineData("./a")]
    public void EscapeBlobName_InvalidName_Throws(string name) =>
        Assert.Throws<ArgumentException>(() => BlobNames.EscapeBlobName(name));

    [Fact]
    public void EscapeBlobName_TooLong_Throws() =>
        Assert.Throws<ArgumentException>(() => BlobNames.EscapeBlobName(new string('a', 1025)));

    [Theory]
    [InlineData("jobs")]
    [InlineData("a-1")]
    [InlineData("$root")]
    public void ValidateContainer_ValidName_DoesNotThrow(string name) => BlobNames.ValidateContainer(name);

    [Theory]
    [InlineData("ab")]
    [InlineData("Jobs")]
    [InlineData("-jobs")]
    [InlineData("jobs-")]
    [InlineData("jo--bs")]
    [InlineData("jobs_1")]
    public void ValidateContainer_InvalidName_ThrowsNamingTheRules(string name)
    {
        var error = Assert.Throws<ArgumentException>(() => BlobNames.ValidateContainer(name));

        Assert.Contains("3-63 lowercase letters", error.Message, StringComparison.Ordinal);
    }
}
