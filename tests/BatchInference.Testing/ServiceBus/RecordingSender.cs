using System.Collections.Concurrent;
using System.Transactions;
using Azure.Messaging.ServiceBus;

namespace BatchInference.Testing.ServiceBus;

/// <summary>Records every message sent, and whether an ambient transaction was open at the time.</summary>
public sealed class RecordingSender(string queue) : ServiceBusSender
{
    public override string EntityPath => queue;

    public ConcurrentQueue<(ServiceBusMessage Message, bool InTransaction)> Sent { get; } = new();

    /// <summary>Called before a send is recorded; throw from it to fail the send.</summary>
    public Action<ServiceBusMessage>? OnSend { get; set; }

    public IReadOnlyList<ServiceBusMessage> Messages => [.. Sent.Select(s => s.Message)];

    public override Task SendMessageAsync(ServiceBusMessage message, CancellationToken cancellationToken = default)
    {
        OnSend?.Invoke(message);
        Sent.Enqueue((message, Transaction.Current is not null));
        return Task.CompletedTask;
    }

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
