using BatchInference.Orchestrations.Jobs;

namespace BatchInference.Orchestrations.Tests.Jobs;

public sealed class InFlightLinesTests
{
    [Fact]
    public void Complete_StartedLine_ReturnsWhereItCameFrom()
    {
        var lines = new InFlightLines();
        lines.Start("a", sequence: 3, line: 5, model: "gpt-4.1-mini");
        lines.Start("b", sequence: 4, line: 7, model: "text-embedding-3-small");

        Assert.Equal((4L, 7L, "text-embedding-3-small"), lines.Complete("b"));
        Assert.Equal((3L, 5L, "gpt-4.1-mini"), lines.Complete("a"));
    }

    [Fact]
    public void Complete_UnknownId_Throws()
    {
        var lines = new InFlightLines();
        lines.Start("a", 0, 1, "m");

        var exception = Assert.Throws<InvalidOperationException>(() => lines.Complete("z"));
        Assert.Contains("'z'", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Complete_SameIdTwice_ThrowsTheSecondTime()
    {
        var lines = new InFlightLines();
        lines.Start("a", 0, 1, "m");
        lines.Complete("a");

        Assert.Throws<InvalidOperationException>(() => lines.Complete("a"));
    }

    [Fact]
    public void Start_IdAlreadyInFlight_Throws()
    {
        var lines = new InFlightLines();
        lines.Start("a", 0, 1, "m");

        Assert.Throws<InvalidOperationException>(() => lines.Start("a", 1, 2, "m"));
        Assert.Equal((0L, 1L, "m"), lines.Complete("a"));
    }

    [Fact]
    public void Start_IdCompletedBefore_IsAcceptedAgain()
    {
        var lines = new InFlightLines();
        lines.Start("a", 0, 1, "m");
        lines.Complete("a");

        lines.Start("a", 1, 2, "m");

        Assert.Equal((1L, 2L, "m"), lines.Complete("a"));
    }

    [Fact]
    public void Complete_IdsDifferingOnlyInCase_AreDistinct()
    {
        var lines = new InFlightLines();
        lines.Start("a", 0, 1, "m");
        lines.Start("A", 1, 2, "m");

        Assert.Equal((1L, 2L, "m"), lines.Complete("A"));
        Assert.Equal((0L, 1L, "m"), lines.Complete("a"));
    }
}
