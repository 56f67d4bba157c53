using Azure.Storage.Queues;
using BatchInference.Orchestrations.Intake;

namespace BatchInference.FunctionApp.Intake;

/// <summary>
/// The Storage queue <see cref="JobMessageIntake.PoisonQueueName"/>, written by the app itself: a job message that can
/// never start a job goes there at once, as sent, instead of failing five deliveries first (the host's own poison move
/// is left for failures that a retry might cure). The queue client is the app's (the <c>Storage</c> connection, no
/// SDK message encoding), so the copy is byte for byte what the sender put.
/// </summary>
internal sealed class JobMessagePoisonQueue(QueueClient queue)
{
    // The template creates the queue; the first send here makes sure of it anyway (a new account, Azurite).
    private int _created;

    /// <summary>The queue's name.</summary>
    public string Name => queue.Name;

    /// <summary>Adds <paramref name="body"/> to the poison queue.</summary>
    /// <param name="body">The message as received.</param>
    /// <param name="cancellationToken">Cancels the send; the caller then fails and the host delivers the message again.</param>
    public async Task SendAsync(BinaryData body, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _created) == 0)
        {
            await queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _created, 1);
        }

        await queue.SendMessageAsync(body, cancellationToken: cancellationToken).ConfigureAwait(false);
    }
}
