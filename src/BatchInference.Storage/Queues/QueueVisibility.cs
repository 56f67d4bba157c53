using System.Globalization;

namespace BatchInference.Storage.Queues;

/// <summary>
/// Turns delays and lock durations into the whole seconds the Queue service takes. Rounds up, so a message is never
/// visible earlier than asked; rejects anything past the service's 7-day visibility limit here, with a message that
/// says what to do, instead of letting the service answer 400.
/// </summary>
internal static class QueueVisibility
{
    public static readonly TimeSpan Max = TimeSpan.FromDays(7);

    /// <summary>A send or abandon delay: 0 s to 7 days; null means now.</summary>
    public static long DelaySeconds(TimeSpan? delay, string parameterName)
    {
        var value = delay ?? TimeSpan.Zero;
        if (value < TimeSpan.Zero || value > Max)
        {
            throw new ArgumentOutOfRangeException(
                parameterName,
                value,
                "A queue delay must be between zero and 7 days (the Queue service's visibility limit); schedule longer timers by re-sending a shorter one when it fires.");
        }

        return CeilingSeconds(value);
    }

    /// <summary>A lock duration: more than zero (at least 1 s after rounding up) and at most 7 days.</summary>
    public static long LockSeconds(TimeSpan lockDuration, string parameterName)
    {
        if (lockDuration <= TimeSpan.Zero || lockDuration > Max)
        {
            throw new ArgumentOutOfRangeException(
                parameterName,
                lockDuration,
                "A lock duration must be more than zero and at most 7 days (the Queue service's visibility limit).");
        }

        return CeilingSeconds(lockDuration);
    }

    public static string Format(long seconds) => seconds.ToString(CultureInfo.InvariantCulture);

    public static long CeilingSeconds(TimeSpan value) => (value.Ticks + TimeSpan.TicksPerSecond - 1) / TimeSpan.TicksPerSecond;
}
