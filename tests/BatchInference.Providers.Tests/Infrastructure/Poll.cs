using System.Diagnostics;

namespace BatchInference.Providers.Tests.Infrastructure;

/// <summary>Waits for a condition another thread makes true, failing after a bound instead of hanging.</summary>
internal static class Poll
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(2);

    public static async Task UntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(10);
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed > limit)
            {
                throw new TimeoutException($"Timed out after {limit} waiting for: {what}");
            }

            // A poll interval, not a wait for time to pass: the condition turns true when another thread acts. A short
            // pause instead of a spin keeps the two build cores free for that thread.
            await Task.Delay(PollInterval);
        }
    }
}
