namespace BatchInference.Functions.Hosting;

/// <summary>
/// How the handler gets its storage ready at start (bound from <c>Startup</c>, e.g. <c>Startup__RetryMaxDelay</c>).
/// While storage cannot be reached the handler keeps listening, answers 503 with the reason, logs a warning per
/// failed attempt and tries again with exponential back-off.
/// </summary>
internal sealed class StartupOptions
{
    public const string SectionName = "Startup";

    /// <summary>The wait after the first failed attempt; it doubles after each failure.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between attempts.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one attempt may take (each request is tried once in it; the back-off is the retry).</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <exception cref="ArgumentException">A value is not positive, or the base delay exceeds the maximum.</exception>
    public void Validate()
    {
        if (RetryBaseDelay <= TimeSpan.Zero || RetryMaxDelay < RetryBaseDelay || AttemptTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException(
                $"Startup settings: RetryBaseDelay ({RetryBaseDelay}) and AttemptTimeout ({AttemptTimeout}) must be positive and RetryMaxDelay ({RetryMaxDelay}) at least RetryBaseDelay.");
        }
    }

    /// <summary>The wait after <paramref name="failures"/> failed attempts (1 for the first).</summary>
    public TimeSpan DelayAfter(int failures)
    {
        var factor = Math.Pow(2, Math.Min(failures - 1, 30));
        var ticks = Math.Min(RetryBaseDelay.Ticks * factor, RetryMaxDelay.Ticks);
        return TimeSpan.FromTicks((long)ticks);
    }
}
