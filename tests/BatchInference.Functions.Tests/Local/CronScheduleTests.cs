using BatchInference.Functions.Local;

namespace BatchInference.Functions.Tests.Local;

/// <summary>What the local dispatcher relies on from NCrontab: six fields, UTC, strict "after", null past the search.</summary>
public sealed class CronScheduleTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 4, 10, 20, 30, TimeSpan.Zero); // a Wednesday

    [Theory]
    [InlineData("0 0 1 * * *", "2026-03-05T01:00:00Z")]
    [InlineData("*/15 * * * * *", "2026-03-04T10:20:45Z")]
    [InlineData("0 30 9 * * 1", "2026-03-09T09:30:00Z")]
    [InlineData("0 0 0 29 2 *", "2028-02-29T00:00:00Z")]
    public void NextAfter_Examples_ReturnsTheNextSlotInUtc(string expression, string expected)
    {
        var next = CronSchedule.Parse(expression).NextAfter(Start);

        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), next);
        Assert.Equal(TimeSpan.Zero, next!.Value.Offset);
    }

    [Fact]
    public void NextAfter_TimeWithAnOffset_ReadsTheScheduleInUtc()
    {
        // 02:30 at +05:00 is 21:30 UTC the day before: the 01:00 UTC slot is the next morning's, not 01:00 local.
        var after = new DateTimeOffset(2026, 3, 5, 2, 30, 0, TimeSpan.FromHours(5));

        Assert.Equal(new DateTimeOffset(2026, 3, 5, 1, 0, 0, TimeSpan.Zero), CronSchedule.Parse("0 0 1 * * *").NextAfter(after));
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
    public void NextAfter_DayAndDayOfWeekBothRestricted_MatchesBothAsTheFunctionsHostDoes()
    {
        var next = CronSchedule.Parse("0 0 0 20 * 5").NextAfter(Start); // the 20th that is a Friday

        Assert.Equal(new DateTimeOffset(2026, 3, 20, 0, 0, 0, TimeSpan.Zero), next);
    }

    [Fact]
    public void NextAfter_ImpossibleDate_ReturnsNull() =>
        Assert.Null(CronSchedule.Parse("0 0 0 31 2 *").NextAfter(Start));

    [Fact]
    public void Parse_ExtraWhitespace_KeepsTheExpressionNormalised() =>
        Assert.Equal("0 0 1 * * *", CronSchedule.Parse("  0  0 1 * *   * ").Expression);

    [Theory]
    [InlineData("0 0 1 * *", "6 components")]
    [InlineData("0 0 1 * * * *", "6 components")]
    [InlineData("60 0 1 * * *", "[Second]")]
    [InlineData("0 0 24 * * *", "[Hour]")]
    [InlineData("0 0 1 0 * *", "[Day]")]
    [InlineData("0 0 1 * 13 *", "[Month]")]
    [InlineData("0 0 1 * * 7", "[DayOfWeek]")]
    public void Parse_Invalid_ThrowsFormatExceptionNamingTheProblem(string expression, string problem)
    {
        var error = Assert.Throws<FormatException>(() => CronSchedule.Parse(expression));

        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{expression}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_InvalidNightlySchedule_NamesTheSettingAndTheField()
    {
        var options = new LocalDispatcherOptions { NightlySchedule = "0 0 25 * * *" };

        var error = Assert.Throws<ArgumentException>(options.Validate);

        Assert.StartsWith("NightlySchedule is invalid: '0 0 25 * * *'", error.Message, StringComparison.Ordinal);
        Assert.Contains("[Hour]", error.Message, StringComparison.Ordinal);
    }
}
