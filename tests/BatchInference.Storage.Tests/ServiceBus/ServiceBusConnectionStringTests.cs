using BatchInference.Storage.ServiceBus;

namespace BatchInference.Storage.Tests.ServiceBus;

public sealed class ServiceBusConnectionStringTests
{
    [Fact]
    public void Parse_PortalString_ReadsEveryPartAndUsesHttps()
    {
        var parsed = ServiceBusConnectionString.Parse(
            "Endpoint=sb://contoso.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=ab+c/d==;EntityPath=batch-jobs");

        Assert.Equal(new Uri("https://contoso.servicebus.windows.net/"), parsed.Endpoint);
        Assert.Equal("RootManageSharedAccessKey", parsed.SharedAccessKeyName);
        Assert.Equal("ab+c/d==", parsed.SharedAccessKey);
        Assert.Equal("batch-jobs", parsed.EntityPath);
    }

    [Fact]
    public void Parse_AnyOrderAnyCaseTrailingSemicolon_Parses()
    {
        var parsed = ServiceBusConnectionString.Parse(
            " sharedaccesskey=k=; ENDPOINT=sb://ns.servicebus.windows.net ; SharedAccessKeyName=send ;");

        Assert.Equal("k=", parsed.SharedAccessKey);
        Assert.Equal("send", parsed.SharedAccessKeyName);
        Assert.Equal(new Uri("https://ns.servicebus.windows.net/"), parsed.Endpoint);
        Assert.Null(parsed.EntityPath);
    }

    [Theory]
    [InlineData("SharedAccessKeyName=a;SharedAccessKey=b")]
    [InlineData("Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKey=b")]
    [InlineData("Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=a")]
    [InlineData("Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=a;SharedAccessKey=")]
    [InlineData("Endpoint=not a uri;SharedAccessKeyName=a;SharedAccessKey=b")]
    [InlineData("Endpoint=ftp://ns.servicebus.windows.net/;SharedAccessKeyName=a;SharedAccessKey=b")]
    [InlineData("Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=a;SharedAccessKey=b;sharedaccesskey=c")]
    [InlineData("Endpoint=sb://ns.servicebus.windows.net/;garbage;SharedAccessKeyName=a;SharedAccessKey=b")]
    public void Parse_Malformed_ThrowsFormatExceptionWithoutTheKey(string connectionString)
    {
        var error = Assert.Throws<FormatException>(() => ServiceBusConnectionString.Parse(connectionString));

        Assert.DoesNotContain("=b", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_Always_LeavesTheKeyOut()
    {
        var parsed = ServiceBusConnectionString.Parse(
            "Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey=TopSecretKey=;EntityPath=q");

        Assert.Equal("Endpoint=https://ns.servicebus.windows.net/;SharedAccessKeyName=send;EntityPath=q", parsed.ToString());
    }

    [Fact]
    public void Parse_DevelopmentEmulator_UsesPlainHttpOnTheGivenPort()
    {
        var parsed = ServiceBusConnectionString.Parse(
            "Endpoint=sb://localhost:5300;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=SAS_KEY_VALUE;UseDevelopmentEmulator=true;");

        Assert.True(parsed.UseDevelopmentEmulator);
        Assert.Equal(new Uri("http://localhost:5300/"), parsed.Endpoint);
        Assert.Equal("Endpoint=http://localhost:5300/;SharedAccessKeyName=RootManageSharedAccessKey;UseDevelopmentEmulator=true", parsed.ToString());
    }

    [Fact]
    public void Parse_DevelopmentEmulatorWithoutPort_UsesHttpDefaultPort()
    {
        var parsed = ServiceBusConnectionString.Parse("Endpoint=sb://localhost;SharedAccessKeyName=k;SharedAccessKey=v;UseDevelopmentEmulator=TRUE");

        Assert.Equal(new Uri("http://localhost/"), parsed.Endpoint);
    }

    [Fact]
    public void Parse_EmulatorFlagFalse_KeepsHttps()
    {
        var parsed = ServiceBusConnectionString.Parse("Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=k;SharedAccessKey=v;UseDevelopmentEmulator=false");

        Assert.False(parsed.UseDevelopmentEmulator);
        Assert.Equal(new Uri("https://ns.servicebus.windows.net/"), parsed.Endpoint);
    }

    [Theory]
    [InlineData("Endpoint=sb://localhost;SharedAccessKeyName=k;SharedAccessKey=v;UseDevelopmentEmulator=yes")]
    [InlineData("Endpoint=https://localhost;SharedAccessKeyName=k;SharedAccessKey=v;UseDevelopmentEmulator=true")]
    public void Parse_BadEmulatorForm_ThrowsFormatException(string connectionString)
    {
        Assert.Throws<FormatException>(() => ServiceBusConnectionString.Parse(connectionString));
    }
}

