using BatchInference.Storage.Blobs;

namespace BatchInference.Storage.Tests.Blobs;

public sealed class BlobNamesTests
{
    [Theory]
    [InlineData("")]
    [InlineData("a/../b")]
    [InlineData("./a")]
    public void ValidateBlobName_InvalidName_Throws(string name) =>
        Assert.Throws<ArgumentException>(() => BlobNames.ValidateBlobName(name));

    [Fact]
    public void ValidateBlobName_TooLong_Throws() =>
        Assert.Throws<ArgumentException>(() => BlobNames.ValidateBlobName(new string('a', 1025)));

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
