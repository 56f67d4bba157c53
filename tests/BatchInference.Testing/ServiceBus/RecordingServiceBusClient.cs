using System.Collections.Concurrent;
using Azure.Messaging.ServiceBus;

namespace BatchInference.Testing.ServiceBus;

/// <summary>
/// A <see cref="ServiceBusClient"/> test double (no Service Bus or emulator runs here): the SDK's client, sender and
/// receiver have protected constructors and virtual members for this. One <see cref="RecordingSender"/> and one
/// <see cref="ScriptedReceiver"/> per queue.
/// </summary>
public sealed class RecordingServiceBusClient(string fullyQualifiedNamespace = "test.servicebus.windows.net") : ServiceBusClient
{
    public override string FullyQualifiedNamespace => fullyQualifiedNamespace;

    public ConcurrentDictionary<string, RecordingSender> Senders { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, ScriptedReceiver> Receivers { get; } = new(StringComparer.Ordinal);

    /// <summary>The options of the last receiver created.</summary>
    public ServiceBusReceiverOptions? ReceiverOptions { get; private set; }

    public RecordingSender Sender(string queue) => Senders.GetOrAdd(queue, q => new RecordingSender(q));

    public ScriptedReceiver Receiver(string queue) => Receivers.GetOrAdd(queue, q => new ScriptedReceiver(q));

    public override ServiceBusSender CreateSender(string queueOrTopicName) => Sender(queueOrTopicName);

    public override ServiceBusReceiver CreateReceiver(string queueName, ServiceBusReceiverOptions options)
    {
        ReceiverOptions = options;
        return Receiver(queueName);
    }

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
