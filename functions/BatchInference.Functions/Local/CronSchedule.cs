using NCrontab;

namespace BatchInference.Functions.Local;

/// <summary>
/// The nightly schedule read by NCrontab exactly as the Functions host's timer trigger reads it: six fields
/// <c>second minute hour day month day-of-week</c>, in UTC. A five-field expression is refused, as before. Because
/// the host uses the same library, local and Azure agree on every expression, including NCrontab's own rules: day and
/// day of week both restricted must both match, day of week is 0-6 (no 7), and month and day names are allowed.
/// </summary>
internal sealed class CronSchedule
{
    private static readonly CrontabSchedule.ParseOptions WithSeconds = new() { IncludingSeconds = true };
    private static readonly TimeSpan SearchLimit = TimeSpan.FromDays(366 * 5);

    private readonly CrontabSchedule _schedule;

    private CronSchedule(string expression, CrontabSchedule schedule) => (Expression, _schedule) = (expression, schedule);

    /// <summary>The expression as given, with its whitespace normalised.</summary>
    public string Expression { get; }

    /// <exception cref="FormatException">Not six fields, or a field is invalid; the message says which.</exception>
    public static CronSchedule Parse(string expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        var normalised = string.Join(' ', expression.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        try
        {
            return new CronSchedule(normalised, CrontabSchedule.Parse(normalised, WithSeconds));
        }
        catch (CrontabException ex)
        {
            throw new FormatException($"'{normalised}' is not a six-field NCRONTAB schedule (second minute hour day month day-of-week): {ex.Message}", ex);
        }
    }

    /// <summary>The first slot strictly after <paramref name="after"/> (UTC, whole seconds), or null when none comes within 5 years.</summary>
    public DateTimeOffset? NextAfter(DateTimeOffset after)
    {
        // NCrontab counts in DateTime and keeps the Kind it is given; handing it UTC keeps every slot in UTC whatever
        // the offset of `after` or the machine's zone. It returns the end of the search when nothing falls before it.
        var from = after.UtcDateTime;
        var end = from + SearchLimit;
        var next = _schedule.GetNextOccurrence(from, end);
        return next < end ? new DateTimeOffset(DateTime.SpecifyKind(next, DateTimeKind.Utc)) : null;
    }

    public override string ToString() => Expression;
}
