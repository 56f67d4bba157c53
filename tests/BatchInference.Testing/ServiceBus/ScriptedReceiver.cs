using System.Collections.Concurrent;
using System.Transactions;
using Azure.Messaging.ServiceBus;

namespace BatchInference.Testing.ServiceBus;

/// <summary>Hands out the messages queued in <see cref="Incoming"/> (built with <see cref="ServiceBusModelFactory"/>)
/// and records every settlement.</summary>
public sealed class ScriptedReceiver(string queue) : ServiceBusReceiver
{
    public override string EntityPath => queue;

    public ConcurrentQueue<ServiceBusReceivedMessage> Incoming { get; } = new();

    public ConcurrentQueue<Settlement> Settled { get; } = new();

    /// <summary>The wait each receive asked for.</summary>
    public ConcurrentQueue<TimeSpan?> ReceiveWaits { get; } = new();

    /// <summary>Called before a settlement is recorded (operation, message); throw from it to fail the settlement.</summary>
    public Action<string, ServiceBusReceivedMessage>? OnSettle { get; set; }

    public override Task<IReadOnlyList<ServiceBusReceivedMessage>> ReceiveMessagesAsync(
        int maxMessages, TimeSpan? maxWaitTime = null, CancellationToken cancellationToken = default)
    {
        ReceiveWaits.Enqueue(maxWaitTime);
        var batch = new List<ServiceBusReceivedMessage>();
        while (batch.Count < maxMessages && Incoming.TryDequeue(out var message))
        {
            batch.Add(message);
        }

        return Task.FromResult<IReadOnlyList<ServiceBusReceivedMessage>>(batch);
    }

    public override Task CompleteMessageAsync(ServiceBusReceivedMessage message, CancellationToken cancellationToken = default) =>
        Record("Complete", message);

    public override Task AbandonMessageAsync(
        ServiceBusReceivedMessage message, IDictionary<string, object>? propertiesToModify = null, CancellationToken cancellationToken = default) =>
        Record("Abandon", message);

    public override Task DeadLetterMessageAsync(
        ServiceBusReceivedMessage message, string deadLetterReason, string? deadLetterErrorDescription = null, CancellationToken cancellationToken = default) =>
        Record("DeadLetter", message, deadLetterReason, deadLetterErrorDescription);

    public override Task RenewMessageLockAsync(ServiceBusReceivedMessage message, CancellationToken cancellationToken = default) =>
        Record("RenewLock", message);

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private Task Record(string operation, ServiceBusReceivedMessage message, string? reason = null, string? description = null)
    {
        OnSettle?.Invoke(operation, message);
        Settled.Enqueue(new Settlement(operation, message, reason, description, Transaction.Current is not null));
        return Task.CompletedTask;
    }
}

/// <summary>One settlement call.</summary>
public sealed record Settlement(string Operation, ServiceBusReceivedMessage Message, string? Reason, string? Description, bool InTransaction);
