using System.Text;
using BatchInference.Storage.Blobs;

namespace BatchInference.Storage.Tests.Blobs;

public sealed class BlobListPageTests
{
    [Fact]
    public void Parse_EncodedNameAndNextMarker_DecodesNameAndKeepsMarker()
    {
        const string Xml = """
            <?xml version="1.0" encoding="utf-8"?>
            <EnumerationResults ServiceEndpoint="https://acct.blob.core.windows.net/" ContainerName="c">
              <MaxResults>1</MaxResults>
              <Blobs>
                <Blob>
                  <Name Encoded="true">bad%01name</Name>
                  <Properties>
                    <Last-Modified>Fri, 26 Jun 2015 23:39:12 GMT</Last-Modified>
                    <Etag>0x8D2C9A5C4E1B7F0</Etag>
                    <Content-Length>42</Content-Length>
                  </Properties>
                </Blob>
              </Blobs>
              <NextMarker>2!72!marker</NextMarker>
            </EnumerationResults>
            """;

        var page = BlobListPage.Parse(new MemoryStream(Encoding.UTF8.GetBytes(Xml)));

        var item = Assert.Single(page.Items);
        Assert.Equal("bad\u0001name", item.Name);
        Assert.Equal(42, item.ContentLength);
        Assert.Equal("0x8D2C9A5C4E1B7F0", item.ETag.ToString());
        Assert.Equal(new DateTimeOffset(2015, 6, 26, 23, 39, 12, TimeSpan.Zero), item.LastModified);
        Assert.Null(item.Metadata);
        Assert.Equal("2!72!marker", page.NextMarker);
    }

    [Fact]
    public void Parse_EmptyNextMarker_MeansLastPage()
    {
        const string Xml = "<EnumerationResults><Blobs /><NextMarker /></EnumerationResults>";

        var page = BlobListPage.Parse(new MemoryStream(Encoding.UTF8.GetBytes(Xml)));

        Assert.Empty(page.Items);
        Assert.Null(page.NextMarker);
    }
}
