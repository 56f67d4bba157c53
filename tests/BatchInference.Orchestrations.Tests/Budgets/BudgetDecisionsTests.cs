using BatchInference.Orchestrations.Budgets;

namespace BatchInference.Orchestrations.Tests.Budgets;

public sealed class BudgetDecisionsTests
{
    private static readonly BudgetAccount Account = new() { Key = "job-x", LimitUsd = 10m, Reserved = 7m, Released = 1m };

    [Fact]
    public void Grant_RoomForTheWholeChunk_GrantsIt() => Assert.Equal(2m, BudgetDecisions.Grant(Account, needed: 0.5m, wanted: 2m));

    [Fact]
    public void Grant_LessLeftThanWantedButEnoughForTheLine_GrantsWhatIsLeft() =>
        Assert.Equal(4m, BudgetDecisions.Grant(Account, needed: 3m, wanted: 9m));

    [Fact]
    public void Grant_NotEnoughLeftForTheLine_GrantsNothing() => Assert.Equal(0m, BudgetDecisions.Grant(Account, needed: 4.01m, wanted: 5m));

    [Fact]
    public void Grant_OverCommitted_GrantsNothing() =>
        Assert.Equal(0m, BudgetDecisions.Grant(Account with { Reserved = 12m }, needed: 0.01m, wanted: 1m));

    [Fact]
    public void Reserve_AddsToReserved_AndNothingForZero()
    {
        Assert.Equal(9m, BudgetDecisions.Reserve(Account, 2m)!.Reserved);
        Assert.Null(BudgetDecisions.Reserve(Account, 0m));
    }

    [Fact]
    public void Release_NeverReleasesMoreThanIsCommitted()
    {
        Assert.Equal(3m, BudgetDecisions.Release(Account, 2m)!.Released);
        Assert.Equal(0m, BudgetDecisions.Release(Account, 100m)!.Committed);
        Assert.Null(BudgetDecisions.Release(Account, -1m));
    }
}
