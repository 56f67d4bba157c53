using Azure.Core;

namespace BatchInference.Storage.ServiceBus;

/// <summary>The queue entity itself: creating it when it is missing.</summary>
public sealed partial class ServiceBusQueueClient
{
    /// <summary>
    /// Creates the queue when it does not exist ("Create or Update Entity": <c>PUT {namespace}/{queue}</c> with an Atom
    /// entry holding a <c>QueueDescription</c>, no <c>If-Match</c>, so an existing queue is left as it is and answers
    /// 409). Needs Manage rights (SAS) or the Azure Service Bus Data Owner role (Entra ID); a deployment that creates its
    /// queues in Bicep never calls this.
    /// </summary>
    /// <param name="description">The new queue's properties; the service's defaults when null.</param>
    /// <param name="cancellationToken">Stops waiting; the queue may still have been created.</param>
    /// <returns>True when this call created the queue; false when it existed (also when a retried create finds the queue
    /// its own first attempt made).</returns>
    /// <exception cref="ServiceBusRequestException">401, 403 (no Manage right, or the namespace's queue quota is used up),
    /// or a failure that outlasted the retries.</exception>
    public async Task<bool> CreateIfNotExistsAsync(ServiceBusQueueDescription? description = null, CancellationToken cancellationToken = default)
    {
        description ??= new ServiceBusQueueDescription();
        description.Validate();
        using var message = NewMessage(RequestMethod.Put, string.Empty);
        message.Request.Uri.AppendQuery("api-version", ManagementApiVersion);
        message.Request.Headers.SetValue("Content-Type", QueueDescriptionXml.ContentType);
        message.Request.Content = RequestContent.Create(QueueDescriptionXml.WriteEntry(description));
        var response = await SendAsync(message, cancellationToken).ConfigureAwait(false);
        return response.Status switch
        {
            200 or 201 => true,
            409 => false,
            var status => throw Failure(status, "Create queue"),
        };
    }
}
