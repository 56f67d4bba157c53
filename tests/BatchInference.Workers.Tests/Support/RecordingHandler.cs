using System.Collections.Concurrent;
using System.Diagnostics;
using BatchInference.Storage.Queues;

namespace BatchInference.Workers.Tests.Support;

/// <summary>A hand-written <see cref="IWorkHandler"/> whose behaviour a test sets with callbacks, recording every call
/// with the moment it happened (a stopwatch shared by the test).</summary>
internal sealed class RecordingHandler : IWorkHandler
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public Func<WorkQueueMessage, CancellationToken, Task<WorkOutcome>> OnHandle { get; set; } =
        (_, _) => Task.FromResult(WorkOutcome.Done);

    public Func<WorkQueueMessage, string, CancellationToken, Task> OnPoison { get; set; } = (_, _, _) => Task.CompletedTask;

    public ConcurrentQueue<HandlerCall> Handled { get; } = new();

    public ConcurrentQueue<PoisonCall> Poisoned { get; } = new();

    public Task<WorkOutcome> HandleAsync(WorkQueueMessage message, CancellationToken cancellationToken)
    {
        Handled.Enqueue(new HandlerCall(message, _clock.Elapsed));
        return OnHandle(message, cancellationToken);
    }

    public Task OnPoisonAsync(WorkQueueMessage message, string reason, CancellationToken cancellationToken)
    {
        Poisoned.Enqueue(new PoisonCall(message, reason));
        return OnPoison(message, reason, cancellationToken);
    }

    internal sealed record HandlerCall(WorkQueueMessage Message, TimeSpan At)
    {
        public string Text => Message.Body.ToString();
    }

    internal sealed record PoisonCall(WorkQueueMessage Message, string Reason);
}
