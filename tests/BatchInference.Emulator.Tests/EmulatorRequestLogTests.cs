namespace BatchInference.Emulator.Tests;

public sealed class EmulatorRequestLogTests
{
    private static EmulatorRequestRecord Record(int status, bool billable) =>
        new(DateTimeOffset.UnixEpoch, "POST", "/v1/chat/completions", "m", status, billable, 1, 0, 1, "req_1", null);

    [Fact]
    public void Add_ConcurrentWriters_KeepsEveryRecordAndCountsBillable()
    {
        var log = new EmulatorRequestLog();

        Parallel.For(0, 10_000, i => log.Add(Record(i % 4 == 0 ? 500 : 200, i % 4 != 0)));

        Assert.Equal(10_000, log.Snapshot().Count);
        Assert.Equal(7_500, log.BillableCount);
    }

    [Fact]
    public void Clear_AfterRecords_EmptiesLogAndCount()
    {
        var log = new EmulatorRequestLog();
        log.Add(Record(200, true));
        var snapshot = log.Snapshot();

        log.Clear();

        Assert.Single(snapshot);
        Assert.Empty(log.Snapshot());
        Assert.Equal(0, log.BillableCount);
    }
}
