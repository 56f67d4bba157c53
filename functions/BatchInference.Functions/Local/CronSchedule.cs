namespace BatchInference.Functions.Local;

/// <summary>
/// A 6-field NCRONTAB schedule as the timer trigger reads it: <c>second minute hour day month day-of-week</c> (UTC;
/// day of week 0-6 from Sunday, 7 is Sunday too), each field <c>*</c>, a number, a range <c>a-b</c>, a step
/// <c>*/n</c> or <c>a-b/n</c>, or a comma list of those. When both day and day of week are restricted, a day must
/// match either (as in cron). Month and day names are not supported.
/// </summary>
internal sealed class CronSchedule
{
    private static readonly TimeSpan SearchLimit = TimeSpan.FromDays(366 * 5);

    private readonly CronField _seconds;
    private readonly CronField _minutes;
    private readonly CronField _hours;
    private readonly CronField _days;
    private readonly CronField _months;
    private readonly CronField _daysOfWeek;

    private CronSchedule(string expression, CronField[] fields)
    {
        Expression = expression;
        (_seconds, _minutes, _hours, _days, _months, _daysOfWeek) = (fields[0], fields[1], fields[2], fields[3], fields[4], fields[5]);
    }

    public string Expression { get; }

    /// <exception cref="FormatException">Not six fields, or a field is invalid; the message says which.</exception>
    public static CronSchedule Parse(string expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        var parts = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length != 6)
        {
            throw new FormatException($"'{expression}' has {parts.Length} fields; a schedule has 6: second minute hour day month day-of-week.");
        }

        return new CronSchedule(string.Join(' ', parts),
        [
            CronField.Parse(parts[0], 0, 59, "second"),
            CronField.Parse(parts[1], 0, 59, "minute"),
            CronField.Parse(parts[2], 0, 23, "hour"),
            CronField.Parse(parts[3], 1, 31, "day"),
            CronField.Parse(parts[4], 1, 12, "month"),
            CronField.Parse(parts[5], 0, 7, "day-of-week"),
        ]);
    }

    /// <summary>The first slot strictly after <paramref name="after"/> (UTC, whole seconds), or null when none comes within 5 years.</summary>
    public DateTimeOffset? NextAfter(DateTimeOffset after)
    {
        var utc = after.ToUniversalTime();
        var start = new DateTimeOffset(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero).AddSeconds(1);
        for (var day = new DateTimeOffset(start.Date, TimeSpan.Zero); day - start < SearchLimit; day = day.AddDays(1))
        {
            if (!MatchesDay(day))
            {
                continue;
            }

            foreach (var hour in _hours.Values)
            {
                var atHour = day.AddHours(hour);
                if (atHour.AddHours(1) <= start)
                {
                    continue;
                }

                foreach (var minute in _minutes.Values)
                {
                    var atMinute = atHour.AddMinutes(minute);
                    if (atMinute.AddMinutes(1) <= start)
                    {
                        continue;
                    }

                    foreach (var second in _seconds.Values)
                    {
                        var slot = atMinute.AddSeconds(second);
                        if (slot >= start)
                        {
                            return slot;
                        }
                    }
                }
            }
        }

        return null;
    }

    public override string ToString() => Expression;

    private bool MatchesDay(DateTimeOffset day)
    {
        if (!_months.Contains(day.Month))
        {
            return false;
        }

        var dow = (int)day.DayOfWeek;
        var dayOfWeek = _daysOfWeek.Contains(dow) || (dow == 0 && _daysOfWeek.Contains(7));
        return (_days.IsWildcard, _daysOfWeek.IsWildcard) switch
        {
            (true, true) => true,
            (true, false) => dayOfWeek,
            (false, true) => _days.Contains(day.Day),
            _ => _days.Contains(day.Day) || dayOfWeek,
        };
    }
}
