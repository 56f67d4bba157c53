using Azure.Messaging.ServiceBus;
using Azure.Messaging.ServiceBus.Administration;
using BatchInference.Storage.ServiceBus;
using BatchInference.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace BatchInference.Storage.Tests.ServiceBus;

public sealed class ServiceBusClientFactoryTests
{
    // Short enough that a refused connection fails in well under a second, whatever the machine's speed.
    private static readonly ServiceBusRetryOptions OneQuickRetry = new()
    {
        Mode = ServiceBusRetryMode.Fixed, MaxRetries = 1, Delay = TimeSpan.FromMilliseconds(10), TryTimeout = TimeSpan.FromSeconds(10),
    };

    [Fact]
    public void DefaultRetryOptions_AreTheDocumentedFigures()
    {
        var retry = ServiceBusClientFactory.DefaultRetryOptions();

        Assert.Equal((ServiceBusRetryMode.Exponential, 3, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30)),
            (retry.Mode, retry.MaxRetries, retry.Delay, retry.MaxDelay, retry.TryTimeout));
    }

    [Theory]
    [InlineData(ServiceBusTransportType.AmqpTcp)]
    [InlineData(ServiceBusTransportType.AmqpWebSockets)]
    public async Task SendAsync_ClosedLocalPort_FailsWithOneClearErrorNamingTheNamespace(ServiceBusTransportType transport)
    {
        var port = ClosedPort.Next();
        var settings = Settings($"Endpoint=sb://127.0.0.1:{port};SharedAccessKeyName=k;SharedAccessKey=secret-key-value;UseDevelopmentEmulator=true", transport);
        await using var client = ServiceBusClientFactory.CreateClient(settings, OneQuickRetry);
        await using var queue = new ServiceBusWorkQueue(client, "batch-jobs");

        var error = await Assert.ThrowsAsync<ServiceBusRequestException>(() => queue.SendAsync(BinaryData.FromString("{}"), "id-1"));

        Assert.True(error.IsUnreachable, error.ToString());
        Assert.StartsWith($"Send on Service Bus queue 'batch-jobs' in namespace '127.0.0.1' failed: the namespace cannot be reached", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-key-value", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddServiceBusClients_ConnectionString_ResolvesClientsForTheNamespace()
    {
        await using var provider = new ServiceCollection()
            .AddServiceBusClients(Configuration(("ServiceBus:ConnectionString", "Endpoint=sb://contoso.servicebus.windows.net/;SharedAccessKeyName=k;SharedAccessKey=v")))
            .BuildServiceProvider();

        Assert.Equal("contoso.servicebus.windows.net", provider.GetRequiredService<ServiceBusClient>().FullyQualifiedNamespace);
        Assert.NotNull(provider.GetRequiredService<ServiceBusAdministrationClient>());
    }

    [Fact]
    public async Task AddServiceBusClients_Namespace_UsesDefaultAzureCredential()
    {
        await using var provider = new ServiceCollection()
            .AddServiceBusClients(Configuration(("ServiceBus:fullyQualifiedNamespace", "contoso.servicebus.windows.net")))
            .BuildServiceProvider();

        var settings = provider.GetRequiredService<ServiceBusConnectionSettings>();
        Assert.Null(settings.ConnectionString);
        Assert.Equal("contoso.servicebus.windows.net", provider.GetRequiredService<ServiceBusClient>().FullyQualifiedNamespace);
    }

    [Fact]
    public async Task AddServiceBusClients_NothingConfigured_RegistersNothing()
    {
        await using var provider = new ServiceCollection().AddServiceBusClients(Configuration()).BuildServiceProvider();

        Assert.Null(provider.GetService<ServiceBusClient>());
    }

    private static ServiceBusConnectionSettings Settings(string connectionString, ServiceBusTransportType transport) =>
        ServiceBusConnectionSettings.From(Configuration(("ServiceBus", connectionString), ("ServiceBus:TransportType", transport.ToString())))!;

    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build();
}
