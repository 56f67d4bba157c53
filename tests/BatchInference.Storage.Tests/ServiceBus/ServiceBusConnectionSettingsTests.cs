using Azure.Messaging.ServiceBus;
using BatchInference.Storage.ServiceBus;
using Microsoft.Extensions.Configuration;

namespace BatchInference.Storage.Tests.ServiceBus;

public sealed class ServiceBusConnectionSettingsTests
{
    private const string ConnectionString = "Endpoint=sb://contoso.servicebus.windows.net/;SharedAccessKeyName=Send;SharedAccessKey=TopSecretKey";

    [Theory]
    [InlineData("ServiceBus")]
    [InlineData("ServiceBus:ConnectionString")]
    public void From_ConnectionString_TakesItsNamespace(string key)
    {
        var settings = ServiceBusConnectionSettings.From(Configuration((key, ConnectionString)))!;

        Assert.Equal(("contoso.servicebus.windows.net", ConnectionString, ServiceBusTransportType.AmqpTcp),
            (settings.FullyQualifiedNamespace, settings.ConnectionString, settings.TransportType));
        Assert.DoesNotContain("TopSecretKey", settings.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void From_NamespaceAndClientId_IsIdentityBased()
    {
        var settings = ServiceBusConnectionSettings.From(Configuration(
            ("ServiceBus:fullyQualifiedNamespace", "contoso.servicebus.windows.net"), ("ServiceBus:clientId", "1234"), ("ServiceBus:TransportType", "amqpwebsockets")))!;

        Assert.Equal(("contoso.servicebus.windows.net", null, "1234", ServiceBusTransportType.AmqpWebSockets),
            (settings.FullyQualifiedNamespace, settings.ConnectionString, settings.ManagedIdentityClientId, settings.TransportType));
    }

    [Fact]
    public void From_Nothing_IsNull() => Assert.Null(ServiceBusConnectionSettings.From(Configuration(("ServiceBus:WorkQueue", "q"))));

    [Theory]
    [InlineData("ServiceBus", "Endpoint=sb://contoso.servicebus.windows.net/;SharedAccessKey=TopSecretKey", "ServiceBus connection string is invalid")]
    [InlineData("ServiceBus", "not a connection string TopSecretKey", "ServiceBus connection string is invalid")]
    [InlineData("ServiceBus:fullyQualifiedNamespace", "https://contoso/x", "ServiceBus__fullyQualifiedNamespace must be a host name")]
    [InlineData("ServiceBus:TransportType", "Http", "ServiceBus__TransportType must be AmqpTcp or AmqpWebSockets")]
    public void From_Invalid_ThrowsNamingTheSettingWithoutTheKey(string key, string value, string expected)
    {
        var error = Assert.Throws<InvalidOperationException>(() => ServiceBusConnectionSettings.From(Configuration((key, value))));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("TopSecretKey", error.Message, StringComparison.Ordinal);
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build();
}
