namespace BatchInference.Workers.Tests;

public sealed class WorkOutcomeTests
{
    [Fact]
    public void Done_IsTheCompletedOutcome()
    {
        Assert.IsType<WorkOutcome.Completed>(WorkOutcome.Done);
        Assert.Same(WorkOutcome.Done, WorkOutcome.Done);
    }

    [Fact]
    public void RunAgainAfter_Delay_CarriesItAndComparesByValue()
    {
        var outcome = WorkOutcome.RunAgainAfter(TimeSpan.FromMinutes(5));

        Assert.Equal(TimeSpan.FromMinutes(5), Assert.IsType<WorkOutcome.Rescheduled>(outcome).Delay);
        Assert.Equal(WorkOutcome.RunAgainAfter(TimeSpan.FromMinutes(5)), outcome);
        Assert.NotEqual(WorkOutcome.RunAgainAfter(TimeSpan.FromMinutes(6)), outcome);
        Assert.NotEqual(WorkOutcome.Done, outcome);
    }

    [Fact]
    public void RunAgainAfter_Zero_IsAllowed() =>
        Assert.Equal(TimeSpan.Zero, Assert.IsType<WorkOutcome.Rescheduled>(WorkOutcome.RunAgainAfter(TimeSpan.Zero)).Delay);

    [Fact]
    public void RunAgainAfter_NegativeDelay_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => WorkOutcome.RunAgainAfter(TimeSpan.FromSeconds(-1)));
}
