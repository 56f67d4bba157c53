using System.Diagnostics;

namespace BatchInference.Testing;

/// <summary>
/// Waits for a condition another thread makes true (a request reaching a server, a component parking on the manual
/// clock), failing after a bound instead of hanging. Not a way to wait for time to pass: use the manual clock for that.
/// </summary>
public static class Poll
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(2);
    /// <summary>
    /// The bound for awaiting work another thread finishes (<c>task.WaitAsync(Poll.HangGuard)</c>): it turns a hang into
    /// a failure, and is long enough that a busy machine never fails a test. Never a speed limit.
    /// </summary>
    public static TimeSpan HangGuard { get; } = TimeSpan.FromSeconds(60);

    public static Task UntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null) =>
        UntilAsync(() => Task.FromResult(condition()), what, timeout);

    /// <param name="condition">Checked until true; may itself do I/O (then pass a longer <paramref name="interval"/>).</param>
    /// <param name="what">Named in the timeout message.</param>
    /// <param name="timeout">Bound; default 60 s.</param>
    /// <param name="interval">Pause between checks; default 2 ms.</param>
    public static async Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null, TimeSpan? interval = null)
    {
        var limit = timeout ?? HangGuard;
        var watch = Stopwatch.StartNew();
        while (!await condition())
        {
            if (watch.Elapsed > limit)
            {
                throw new TimeoutException($"Timed out after {limit} waiting for: {what}");
            }

            // A poll interval, not a wait for time to pass: the condition turns true when another thread acts. A short
            // pause instead of a spin keeps the machine's two cores free for that thread.
            await Task.Delay(interval ?? PollInterval);
        }
    }
}
