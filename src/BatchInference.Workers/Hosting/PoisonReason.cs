using System.Globalization;

namespace BatchInference.Workers.Hosting;

/// <summary>The reason handed to <see cref="IWorkHandler.OnPoisonAsync"/>: says what happened in words an operator
/// reading a failed job's status understands.</summary>
internal static class PoisonReason
{
    public static string Describe(int deliveries, int maxDeliveryCount) => string.Create(
        CultureInfo.InvariantCulture,
        $"delivered {deliveries} times without completing (max {maxDeliveryCount})");
}
