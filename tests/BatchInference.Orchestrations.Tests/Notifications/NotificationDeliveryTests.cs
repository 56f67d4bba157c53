using BatchInference.Orchestrations.Notifications;

namespace BatchInference.Orchestrations.Tests.Notifications;

public sealed class NotificationDeliveryTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);

    private static NotificationAttemptResult Attempt(string id, int n, string outcome, int? status = null, TimeSpan? retryAfter = null) =>
        new(id, "job.completed", "https://a.example.com (0123456789abcdef)", n, T0.AddMinutes(n), outcome, status, outcome == "delivered" ? null : "boom")
        {
            NextAttemptAt = retryAfter is { } d ? T0.AddMinutes(n) + d : null,
        };

    [Fact]
    public void From_EachDeliveryByItsLatestAttempt()
    {
        var minute = TimeSpan.FromMinutes(1);
        var deliveries = NotificationDelivery.From(
        [
            Attempt("msg_a", 1, "failed", 500, minute), Attempt("msg_a", 2, "delivered", 204),
            Attempt("msg_b", 1, "failed", 503, minute), Attempt("msg_b", 2, "failed", 503, minute),
            Attempt("msg_c", 1, "failed", null, minute), Attempt("msg_c", 2, "failed", 502),
            Attempt("msg_d", 1, "refused"),
        ]);

        Assert.Equal(
            [("delivered", 2, (int?)204, (string?)null), ("retrying", 2, 503, "boom"), ("given_up", 2, 502, "boom"), ("refused", 1, null, "boom")],
            deliveries.Select(d => (d.State, d.Attempts, d.LastStatusCode, d.LastError)));
        Assert.Equal(T0.AddMinutes(3), deliveries[1].NextAttemptAt);
        Assert.All(deliveries.Where(d => d.State != "retrying"), d => Assert.Null(d.NextAttemptAt));
    }

    [Fact]
    public void From_AttemptRecordedOutOfOrderAfterACrash_LatestByNumberAndAnyDeliveryWins()
    {
        var deliveries = NotificationDelivery.From([Attempt("msg_a", 2, "delivered", 200), Attempt("msg_a", 1, "failed", 500, TimeSpan.FromMinutes(1))]);

        var delivery = Assert.Single(deliveries);
        Assert.Equal((NotificationDelivery.Delivered, 2, T0.AddMinutes(2)), (delivery.State, delivery.Attempts, delivery.LastAttemptAt));
    }
}
