using BatchInference.Functions.Local;
using BatchInference.Orchestrations.Layout;
using BatchInference.Testing;

namespace BatchInference.Functions.Tests.Local;

[Collection(AzuriteFixture.CollectionName)]
public sealed class NightlyTimerTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Run_TwoDispatchersPastThreeSlots_InvokesNightlyExactlyOncePerSlot()
    {
        await using var harness = await DispatcherHarness.StartAsync(azurite);
        // A start no other run of this test uses, so the slot claims in the shared Azurite are fresh.
        var start = new DateTimeOffset(2040, 1, 1, 0, 30, 0, TimeSpan.Zero).AddDays(Random.Shared.Next(0, 200_000));
        var clock = new ManualClock(start);
        using var transport = new CountingTransport();
        void Configure(LocalDispatcherOptions o)
        {
            o.Triggers = LocalTriggers.Nightly;
            o.NightlySchedule = "0 0 1 * * *";
        }

        var first = harness.StartDispatcher(Configure, clock, transport);
        var second = harness.StartDispatcher(Configure, clock, transport);
        await Poll.UntilAsync(() => clock.PendingTimers == 2, "both dispatchers to wait for the first slot");

        clock.Advance(TimeSpan.FromDays(3));

        await Poll.UntilAsync(() => first.Count == 3 && second.Count == 3, "each dispatcher to settle three slots", TimeSpan.FromSeconds(20));
        await Poll.UntilAsync(() => clock.PendingTimers == 2, "both dispatchers to wait for the fourth slot");
        Assert.Equal(3, transport.Succeeded("Nightly"));
        var invoked = first.Concat(second).Where(r => r.Outcome == DispatchOutcome.Succeeded).Select(r => r.Subject).Order().ToList();
        var slots = Enumerable.Range(0, 3).Select(d => start.Date.AddDays(d).AddHours(1)).ToList();
        Assert.Equal(slots.Select(s => new DateTimeOffset(s, TimeSpan.Zero).ToString("O", System.Globalization.CultureInfo.InvariantCulture)), invoked);
        Assert.Equal(3, first.Concat(second).Count(r => r.Outcome == DispatchOutcome.Skipped));
        foreach (var slot in slots)
        {
            Assert.NotNull(await harness.Host.Pipeline.Blobs.GetPropertiesAsync(
                StorageLayout.WorkContainer, NightlyTimer.ClaimBlob(new DateTimeOffset(slot, TimeSpan.Zero))));
        }
    }
}
