using BatchInference.Storage.Auth;

namespace BatchInference.Storage.Tests.Auth;

/// <summary>
/// Vectors written out by hand from the "Authorize with Shared Key" document (field order, empty Content-Length
/// for 0, lowercase sorted x-ms- headers, "/account" + encoded path, sorted decoded query parameters).
/// </summary>
public sealed class SharedKeyCanonicalizerTests
{
    [Fact]
    public void BuildStringToSign_PathStyleMetadataWrite_MatchesHandDerivedString()
    {
        var headers = new Dictionary<string, string>
        {
            ["x-ms-version"] = "2015-02-21",
            ["x-ms-date"] = "Fri, 26 Jun 2015 23:39:12 GMT",
            ["If-Match"] = "\"0x8D2C9A5C4E1B7F0\"",
            ["x-ms-meta-Owner"] = "alice",
        };

        var actual = SharedKeyCanonicalizer.BuildStringToSign(
            "PUT", headers, contentLength: 0, "devstoreaccount1", "/devstoreaccount1/my-container/dir/a%20b.txt", "?timeout=20&comp=metadata");

        const string Expected =
            "PUT\n" // verb
            + "\n\n" // Content-Encoding, Content-Language
            + "\n" // Content-Length 0 signs as empty
            + "\n\n\n\n" // Content-MD5, Content-Type, Date, If-Modified-Since
            + "\"0x8D2C9A5C4E1B7F0\"\n" // If-Match
            + "\n\n\n" // If-None-Match, If-Unmodified-Since, Range
            + "x-ms-date:Fri, 26 Jun 2015 23:39:12 GMT\nx-ms-meta-owner:alice\nx-ms-version:2015-02-21\n"
            + "/devstoreaccount1/devstoreaccount1/my-container/dir/a%20b.txt\ncomp:metadata\ntimeout:20";
        Assert.Equal(Expected, actual);
    }

    [Fact]
    public void BuildStringToSign_PutWithBodyAndIfNoneMatch_SignsLengthTypeAndCondition()
    {
        var headers = new Dictionary<string, string>
        {
            ["Content-Type"] = "text/plain",
            ["If-None-Match"] = "*",
            ["x-ms-blob-type"] = "BlockBlob",
            ["x-ms-date"] = "Fri, 26 Jun 2015 23:39:12 GMT",
            ["x-ms-version"] = "2015-02-21",
        };

        var actual = SharedKeyCanonicalizer.BuildStringToSign("PUT", headers, 11, "myaccount", "/mycontainer/hello.txt", string.Empty);

        Assert.Equal(
            "PUT\n\n\n11\n\ntext/plain\n\n\n\n*\n\n\n"
            + "x-ms-blob-type:BlockBlob\nx-ms-date:Fri, 26 Jun 2015 23:39:12 GMT\nx-ms-version:2015-02-21\n"
            + "/myaccount/mycontainer/hello.txt",
            actual);
    }

    [Fact]
    public void BuildStringToSign_DocumentListExample_GroupsRepeatedParametersSortedAndDecoded()
    {
        // The document's canonicalized-resource example: include=snapshots&include=metadata&include=uncommittedblobs.
        var actual = SharedKeyCanonicalizer.BuildStringToSign(
            "GET",
            [],
            null,
            "myaccount",
            "/mycontainer",
            "?restype=container&comp=list&include=snapshots&include=metadata&include=uncommittedblobs&Prefix=a%20b%2F%23%3F");

        Assert.EndsWith(
            "\n/myaccount/mycontainer\ncomp:list\ninclude:metadata,snapshots,uncommittedblobs\nprefix:a b/#?\nrestype:container",
            actual);
        Assert.StartsWith("GET\n\n\n\n\n\n\n\n\n\n\n\n/myaccount", actual);
    }

    [Fact]
    public void BuildStringToSign_HeaderValuesWithSurroundingSpaces_AreTrimmed()
    {
        var headers = new Dictionary<string, string> { ["X-MS-Meta-B"] = "  two ", ["x-ms-meta-a"] = "one" };

        var actual = SharedKeyCanonicalizer.BuildStringToSign("DELETE", headers, null, "acct", "/c/b", string.Empty);

        Assert.Contains("\nx-ms-meta-a:one\nx-ms-meta-b:two\n/acct/c/b", actual);
    }
}
