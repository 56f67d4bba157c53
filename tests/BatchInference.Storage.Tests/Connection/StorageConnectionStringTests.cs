using BatchInference.Storage.Connection;

namespace BatchInference.Storage.Tests.Connection;

public sealed class StorageConnectionStringTests
{
    private const string Key = "c2VjcmV0LWtleS1ieXRlcy1mb3ItdGVzdHM=";

    [Fact]
    public void Parse_UseDevelopmentStorage_GivesAzuriteDefaults()
    {
        var parsed = StorageConnectionString.Parse("UseDevelopmentStorage=true");

        Assert.Equal("devstoreaccount1", parsed.AccountName);
        Assert.Equal(new Uri("http://127.0.0.1:10000/devstoreaccount1/"), parsed.BlobEndpoint);
        Assert.Equal(new Uri("http://127.0.0.1:10001/devstoreaccount1/"), parsed.QueueEndpoint);
        Assert.Equal(Convert.FromBase64String(StorageConnectionString.DevelopmentAccountKey), parsed.AccountKey);
    }

    [Fact]
    public void Parse_AccountNameKeyAndSuffix_BuildsProductStyleEndpoints()
    {
        var parsed = StorageConnectionString.Parse(
            $"DefaultEndpointsProtocol=https;AccountName=acct;AccountKey={Key};EndpointSuffix=core.chinacloudapi.cn");

        Assert.Equal(new Uri("https://acct.blob.core.chinacloudapi.cn/"), parsed.BlobEndpoint);
        Assert.Equal(new Uri("https://acct.queue.core.chinacloudapi.cn/"), parsed.QueueEndpoint);
        Assert.True(parsed.HasAccountKey);
        Assert.Equal(Convert.FromBase64String(Key), parsed.AccountKey);
    }

    [Fact]
    public void Parse_EndpointsWithoutKeyOrSas_IsForEntraId()
    {
        var parsed = StorageConnectionString.Parse("BlobEndpoint=https://acct.blob.core.windows.net/;QueueEndpoint=https://acct.queue.core.windows.net/");

        Assert.False(parsed.HasAccountKey);
        Assert.False(parsed.HasSharedAccessSignature);
        Assert.Equal("acct", parsed.AccountName);
        Assert.Equal(new Uri("https://acct.queue.core.windows.net/"), parsed.QueueEndpoint);
    }

    [Fact]
    public void Parse_NoSuffixNoProtocol_DefaultsToHttpsCoreWindowsNet()
    {
        var parsed = StorageConnectionString.Parse($"AccountName=acct;AccountKey={Key}");

        Assert.Equal(new Uri("https://acct.blob.core.windows.net/"), parsed.BlobEndpoint);
    }

    [Fact]
    public void Parse_PathStyleBlobEndpointOnOtherPort_ReadsAccountFromPath()
    {
        var parsed = StorageConnectionString.Parse($"AccountKey={Key};BlobEndpoint=http://127.0.0.1:41234/devstoreaccount1");

        Assert.Equal("devstoreaccount1", parsed.AccountName);
        Assert.Equal(new Uri("http://127.0.0.1:41234/devstoreaccount1/"), parsed.BlobEndpoint);
        Assert.Null(parsed.QueueEndpoint);
    }

    [Fact]
    public void Parse_ProductStyleBlobEndpointWithoutAccountName_ReadsAccountFromHost()
    {
        var parsed = StorageConnectionString.Parse($"BlobEndpoint=https://myacct.blob.core.windows.net;AccountKey={Key}");

        Assert.Equal("myacct", parsed.AccountName);
    }

    [Fact]
    public void Parse_ExplicitBlobEndpoint_WinsOverAccountDerivedOne()
    {
        var parsed = StorageConnectionString.Parse(
            $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={Key};BlobEndpoint=http://localhost:10000/devstoreaccount1;");

        Assert.Equal(new Uri("http://localhost:10000/devstoreaccount1/"), parsed.BlobEndpoint);
        Assert.Equal(new Uri("http://devstoreaccount1.queue.core.windows.net/"), parsed.QueueEndpoint);
    }

    [Fact]
    public void Parse_SharedAccessSignature_KeepsSasWithoutLeadingQuestionMark()
    {
        var parsed = StorageConnectionString.Parse("BlobEndpoint=https://acct.blob.core.windows.net/;SharedAccessSignature=?sv=2023-11-03&sig=x%3D");

        Assert.True(parsed.HasSharedAccessSignature);
        Assert.False(parsed.HasAccountKey);
        Assert.Equal("sv=2023-11-03&sig=x%3D", parsed.SharedAccessSignature);
    }

    [Theory]
    [InlineData("AccountKey=" + Key, "neither AccountName nor BlobEndpoint")]
    [InlineData("", "empty")]
    [InlineData("AccountName=acct;AccountName=other;AccountKey=" + Key, "AccountName appears more than once")]
    [InlineData("AccountName=acct;garbage;AccountKey=" + Key, "not of the form Name=Value")]
    [InlineData("UseDevelopmentStorage=false", "UseDevelopmentStorage must be 'true'")]
    [InlineData("AccountName=acct;AccountKey=" + Key + ";BlobEndpoint=not a url", "BlobEndpoint is not an absolute http(s) URL")]
    [InlineData("AccountName=acct;AccountKey=" + Key + ";DefaultEndpointsProtocol=ftp", "DefaultEndpointsProtocol")]
    [InlineData("AccountName=acct;AccountKey=" + Key + ";SharedAccessSignature=sv=1", "both AccountKey and SharedAccessSignature")]
    public void Parse_BadString_ThrowsFormatExceptionNamingThePart(string connectionString, string expectedFragment)
    {
        var error = Assert.Throws<FormatException>(() => StorageConnectionString.Parse(connectionString));

        Assert.Contains(expectedFragment, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_KeyNotBase64_ErrorDoesNotEchoTheKey()
    {
        const string BadKey = "not*base64*secret";

        var error = Assert.Throws<FormatException>(() => StorageConnectionString.Parse($"AccountName=acct;AccountKey={BadKey}"));

        Assert.Contains("AccountKey is not valid base64", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(BadKey, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_WithKey_RedactsTheKey()
    {
        var text = StorageConnectionString.Parse($"AccountName=acct;AccountKey={Key}").ToString();

        Assert.DoesNotContain(Key, text, StringComparison.Ordinal);
        Assert.Contains("AccountKey=***", text, StringComparison.Ordinal);
        Assert.Contains("AccountName=acct", text, StringComparison.Ordinal);
    }
}
