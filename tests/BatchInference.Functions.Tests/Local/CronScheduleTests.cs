using BatchInference.Functions.Local;

namespace BatchInference.Functions.Tests.Local;

public sealed class CronScheduleTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 4, 10, 20, 30, TimeSpan.Zero); // a Wednesday

    [Theory]
    [InlineData("0 0 1 * * *", "2026-03-05T01:00:00Z")]
    [InlineData("0 */5 * * * *", "2026-03-04T10:25:00Z")]
    [InlineData("*/15 * * * * *", "2026-03-04T10:20:45Z")]
    [InlineData("0 0 9,17 * * *", "2026-03-04T17:00:00Z")]
    [InlineData("0 30 9 * * 1", "2026-03-09T09:30:00Z")]
    [InlineData("0 0 0 1 * *", "2026-04-01T00:00:00Z")]
    [InlineData("0 0 0 29 2 *", "2028-02-29T00:00:00Z")]
    [InlineData("0 0 8-10 * * *", "2026-03-05T08:00:00Z")]
    [InlineData("0 0 12 * * 0", "2026-03-08T12:00:00Z")]
    [InlineData("0 0 12 * * 7", "2026-03-08T12:00:00Z")]
    public void NextAfter_Examples_ReturnsTheNextSlot(string expression, string expected)
    {
        var next = CronSchedule.Parse(expression).NextAfter(Start);

        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), next);
    }

    [Fact]
    public void NextAfter_ExactlyOnASlot_ReturnsTheFollowingSlot()
    {
        var schedule = CronSchedule.Parse("0 0 1 * * *");
        var slot = new DateTimeOffset(2026, 3, 5, 1, 0, 0, TimeSpan.Zero);

        Assert.Equal(slot.AddDays(1), schedule.NextAfter(slot));
        Assert.Equal(slot, schedule.NextAfter(slot.AddTicks(-1)));
    }

    [Fact]
    public void NextAfter_DayAndDayOfWeekBothRestricted_MatchesEither()
    {
        var next = CronSchedule.Parse("0 0 0 20 * 5").NextAfter(Start); // the 20th or a Friday

        Assert.Equal(new DateTimeOffset(2026, 3, 6, 0, 0, 0, TimeSpan.Zero), next);
    }

    [Fact]
    public void NextAfter_ImpossibleDate_ReturnsNull() =>
        Assert.Null(CronSchedule.Parse("0 0 0 31 2 *").NextAfter(Start));

    [Theory]
    [InlineData("0 0 1 * *")]
    [InlineData("0 0 1 * * * *")]
    [InlineData("60 0 1 * * *")]
    [InlineData("0 0 24 * * *")]
    [InlineData("0 0 1 0 * *")]
    [InlineData("0 0 1 * 13 *")]
    [InlineData("0 */0 * * * *")]
    [InlineData("0 5-1 * * * *")]
    [InlineData("0 0 1 * JAN *")]
    [InlineData("0 0 1 * * 8")]
    public void Parse_Invalid_ThrowsFormatException(string expression) =>
        Assert.Throws<FormatException>(() => CronSchedule.Parse(expression));
}
