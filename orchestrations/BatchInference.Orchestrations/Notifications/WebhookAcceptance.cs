using System.Globalization;
using BatchInference.Jobs.Settings;
using BatchInference.Orchestrations.Engine;

namespace BatchInference.Orchestrations.Notifications;

/// <summary>
/// The check a job's own webhooks pass when the job is accepted (its settings are read): the deployment can sign them,
/// and each target is allowed (<see cref="WebhookTargetGuard"/>). A job that fails it fails with a reason naming the
/// webhook, before anything is sent; the deployment's own webhooks are still told.
/// </summary>
internal static class WebhookAcceptance
{
    public static async Task<string?> ProblemAsync(EngineContext context, IReadOnlyList<WebhookSubscription> webhooks, CancellationToken cancellationToken)
    {
        if (webhooks.Count == 0)
        {
            return null;
        }

        if (context.Options.Notify.WebhookSecret is null)
        {
            return "Invalid job settings: notify.webhooks: this deployment has no Notify:WebhookSecret to sign webhooks with; ask its operator to set one.";
        }

        var problems = new List<string>();
        for (var i = 0; i < webhooks.Count; i++)
        {
            if (await context.WebhookGuard.CheckAsync(webhooks[i].Url, strict: false, cancellationToken).ConfigureAwait(false) is { } problem)
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"notify.webhooks[{i}].url: {problem}"));
            }
        }

        return problems.Count == 0 ? null : "Invalid job settings: " + string.Join("; ", problems);
    }
}
