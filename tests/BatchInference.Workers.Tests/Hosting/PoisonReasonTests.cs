using BatchInference.Workers.Hosting;

namespace BatchInference.Workers.Tests.Hosting;

public sealed class PoisonReasonTests
{
    [Fact]
    public void Describe_DeliveriesAndMax_SaysBoth() =>
        Assert.Equal("delivered 6 times without completing (max 5)", PoisonReason.Describe(6, 5));
}
