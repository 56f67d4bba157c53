using BatchInference.Orchestrations.Results;

namespace BatchInference.Orchestrations.Tests.Results;

public sealed class ResultSequencerTests
{
    [Fact]
    public void Add_InOrder_ReleasesEachResultAtOnce()
    {
        var sequencer = new ResultSequencer<string>();

        Assert.Equal(["a"], sequencer.Add(0, "a"));
        Assert.Equal(["b"], sequencer.Add(1, "b"));
        Assert.Equal(0, sequencer.Held);
        Assert.Equal(2, sequencer.Next);
    }

    [Fact]
    public void Add_OutOfOrder_HoldsUntilTheGapIsFilledThenReleasesInOrder()
    {
        var sequencer = new ResultSequencer<string>();

        Assert.Empty(sequencer.Add(2, "c"));
        Assert.Empty(sequencer.Add(1, "b"));
        Assert.Equal(2, sequencer.Held);
        Assert.Equal(0, sequencer.Next);

        Assert.Equal(["a", "b", "c"], sequencer.Add(0, "a"));
        Assert.Equal(0, sequencer.Held);
        Assert.Equal(3, sequencer.Next);
    }

    [Fact]
    public void Add_FillingOneGapOfTwo_ReleasesOnlyUpToTheNextGap()
    {
        var sequencer = new ResultSequencer<int>();
        sequencer.Add(1, 1);
        sequencer.Add(3, 3);

        Assert.Equal([0, 1], sequencer.Add(0, 0));
        Assert.Equal(1, sequencer.Held);
        Assert.Equal(2, sequencer.Next);
        Assert.Equal([2, 3], sequencer.Add(2, 2));
    }

    [Fact]
    public void Add_DuplicateOfHeldResult_Throws()
    {
        var sequencer = new ResultSequencer<string>();
        sequencer.Add(1, "b");

        Assert.Throws<InvalidOperationException>(() => sequencer.Add(1, "b again"));
        Assert.Equal(1, sequencer.Held);
    }

    [Fact]
    public void Add_DuplicateOfReleasedResult_Throws()
    {
        var sequencer = new ResultSequencer<string>();
        sequencer.Add(0, "a");

        Assert.Throws<InvalidOperationException>(() => sequencer.Add(0, "a again"));
        Assert.Equal(1, sequencer.Next);
    }

    [Fact]
    public void Add_ManyShuffled_ReleasesEverythingExactlyOnceInOrder()
    {
        var sequencer = new ResultSequencer<long>();
        var order = Enumerable.Range(0, 1000).Select(i => (long)i).ToArray();
        new Random(5).Shuffle(order);
        var released = new List<long>();
        var maxHeld = 0;

        foreach (var sequence in order)
        {
            released.AddRange(sequencer.Add(sequence, sequence));
            maxHeld = Math.Max(maxHeld, sequencer.Held);
        }

        Assert.Equal(Enumerable.Range(0, 1000).Select(i => (long)i), released);
        Assert.Equal(0, sequencer.Held);
        Assert.InRange(maxHeld, 1, 999);
    }
}
