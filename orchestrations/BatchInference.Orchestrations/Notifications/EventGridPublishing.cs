using Azure;
using Azure.Identity;
using Azure.Messaging.EventGrid;

namespace BatchInference.Orchestrations.Notifications;

/// <summary>The Event Grid publisher client for <see cref="NotifyEventGridOptions"/>: a topic key when one is set, else
/// Entra ID (<c>DefaultAzureCredential</c>, the app's managed identity in Azure); no SDK retries, each request bounded by
/// <see cref="NotifyOptions.SendTimeout"/>.</summary>
internal static class EventGridPublishing
{
    public static EventGridPublisherClient? Create(NotifyOptions notify)
    {
        var options = notify.EventGrid;
        if (options.Endpoint is not { } endpoint)
        {
            return null;
        }

        var client = new EventGridPublisherClientOptions();
        client.Retry.MaxRetries = 0;
        client.Retry.NetworkTimeout = notify.SendTimeout;
        if (options.Key is { Length: > 0 } key)
        {
            return new EventGridPublisherClient(endpoint, new AzureKeyCredential(key), client);
        }

        var credential = options.ClientId is { Length: > 0 } clientId
            ? new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = clientId })
            : new DefaultAzureCredential();
        return new EventGridPublisherClient(endpoint, credential, client);
    }
}
