using BatchInference.Storage.Blobs;

namespace BatchInference.Storage.Tests.Blobs;

public sealed class BlobMetadataRulesTests
{
    [Fact]
    public void Validate_IdentifierNamesAndAsciiValues_DoesNotThrow() =>
        BlobMetadataRules.Validate(new Dictionary<string, string> { ["job_id"] = "j-1", ["_x2"] = "a b", ["Empty"] = string.Empty });

    [Theory]
    [InlineData("1abc")]
    [InlineData("with-hyphen")]
    [InlineData("with space")]
    [InlineData("")]
    [InlineData("naïve")]
    public void Validate_NonIdentifierName_ThrowsNamingIt(string name)
    {
        var error = Assert.Throws<ArgumentException>(() => BlobMetadataRules.Validate(new Dictionary<string, string> { [name] = "v" }));

        Assert.Contains($"'{name}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("C# identifiers", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("line\nbreak")]
    [InlineData("ünïcode")]
    [InlineData(" leading")]
    [InlineData("trailing ")]
    public void Validate_ValueThatCannotRoundTrip_Throws(string value) =>
        Assert.Throws<ArgumentException>(() => BlobMetadataRules.Validate(new Dictionary<string, string> { ["name"] = value }));

    [Fact]
    public void Validate_NamesDifferingOnlyInCase_Throws() =>
        Assert.Throws<ArgumentException>(() => BlobMetadataRules.Validate(new Dictionary<string, string> { ["Owner"] = "a", ["owner"] = "b" }));
}
