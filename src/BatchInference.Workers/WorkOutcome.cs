namespace BatchInference.Workers;

/// <summary>
/// What a <see cref="IWorkHandler"/> wants done with the message it handled: <see cref="Done"/> completes it;
/// <see cref="RunAgainAfter"/> is a durable timer (a delayed copy of the body is sent, then the original completed,
/// so waiting never counts as a failed delivery). A handler that fails throws instead.
/// </summary>
public abstract record WorkOutcome
{
    private WorkOutcome()
    {
    }

    /// <summary>The work is finished: complete (delete) the message.</summary>
    public static WorkOutcome Done { get; } = new Completed();

    /// <summary>Run the same work again later: send a copy of the body, visible after <paramref name="delay"/>, then
    /// complete the original. The copy starts with a fresh dequeue count.</summary>
    /// <param name="delay">How long the copy stays hidden; zero for at once. The queue bounds it (7 days for a Storage
    /// Queue, rounded up to whole seconds).</param>
    /// <returns>The outcome.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="delay"/> is negative.</exception>
    public static WorkOutcome RunAgainAfter(TimeSpan delay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        return new Rescheduled(delay);
    }

    /// <summary>The outcome <see cref="Done"/> returns.</summary>
    public sealed record Completed : WorkOutcome;

    /// <summary>The outcome <see cref="RunAgainAfter"/> returns.</summary>
    /// <param name="Delay">How long the copy stays hidden.</param>
    public sealed record Rescheduled(TimeSpan Delay) : WorkOutcome;
}
