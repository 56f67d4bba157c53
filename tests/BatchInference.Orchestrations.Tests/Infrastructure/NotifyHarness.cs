using BatchInference.Orchestrations.Durable;
using BatchInference.Orchestrations.Notifications;
using BatchInference.Testing;
using BatchInference.Testing.Webhooks;
using Microsoft.DurableTask.Client;

namespace BatchInference.Orchestrations.Tests.Infrastructure;

/// <summary>Notification settings for tests against a loopback <see cref="WebhookReceiver"/>, and waits on deliveries.</summary>
internal static class NotifyHarness
{
    /// <summary>Loopback over http allowed, a fresh secret, retries 100 ms apart (durable timers, so no test sleeps).</summary>
    public static NotifyOptions Options(string secret, params string[] deploymentWebhooks)
    {
        var options = new NotifyOptions
        {
            WebhookSecret = secret,
            AllowHttp = true,
            AllowPrivateTargets = true,
            FirstRetryDelay = TimeSpan.FromMilliseconds(100),
            MaxRetryDelay = TimeSpan.FromMilliseconds(100),
        };
        options.Webhooks.AddRange(deploymentWebhooks.Select(url => new NotifyWebhookOptions { Url = url }));
        return options;
    }

    /// <summary>Waits until the job's delivery orchestrations have all ended (at least <paramref name="expected"/>), and returns them.</summary>
    public static async Task<IReadOnlyList<OrchestrationMetadata>> WaitForDeliveriesAsync(DurableTaskClient hub, string jobId, int expected)
    {
        List<OrchestrationMetadata> deliveries = [];
        await Poll.UntilAsync(
            async () =>
            {
                deliveries = [];
                var query = new OrchestrationQuery { InstanceIdPrefix = jobId + ":notify-", FetchInputsAndOutputs = true };
                await foreach (var instance in hub.GetAllInstancesAsync(query))
                {
                    deliveries.Add(instance);
                }

                return deliveries.Count >= expected && deliveries.All(d => d.IsCompleted);
            },
            $"{expected} webhook deliveries of job {jobId} to end", TimeSpan.FromMinutes(3), TimeSpan.FromMilliseconds(100));
        Assert.All(deliveries, d => Assert.Equal(EngineOrchestrations.Notification, d.Name));
        return deliveries;
    }
}
