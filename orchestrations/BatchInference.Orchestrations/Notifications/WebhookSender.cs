using System.Globalization;
using System.Net.Http.Headers;
using BatchInference.Jobs.Settings;
using BatchInference.Orchestrations.Engine;
using BatchInference.Orchestrations.Jobs;

namespace BatchInference.Orchestrations.Notifications;

/// <summary>
/// Sends one attempt of a webhook delivery: checks the target again, builds the body from the job's summary (OpenAI's
/// event shape for a <c>batch.*</c> event), signs it with the deployment's secret (read here, never passed through
/// orchestration history), and POSTs it within <see cref="NotifyOptions.SendTimeout"/>.
/// </summary>
internal sealed class WebhookSender(EngineContext engine)
{
    private static readonly MediaTypeHeaderValue JsonType = new("application/json");

    public async Task<(string Outcome, int? Status, string? Error)> TrySendAsync(JobNotification notification, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var options = engine.Options.Notify;
        try
        {
            if (await engine.WebhookGuard.CheckAsync(notification.Url, strict: true, cancellationToken).ConfigureAwait(false) is { } refused)
            {
                return (NotificationAttemptResult.Refused, null, "The webhook " + refused);
            }
        }
        catch (System.Net.Sockets.SocketException e)
        {
            return (NotificationAttemptResult.Failed, null, "The webhook's host does not resolve: " + e.Message);
        }

        if (options.SigningKey is not { } key)
        {
            return (NotificationAttemptResult.Refused, null, "Notify:WebhookSecret is not configured, so the webhook cannot be signed.");
        }

        var summary = await new JobPublisher(engine.Blobs, notification.JobId, engine.Logger).TryReadSummaryAsync(cancellationToken).ConfigureAwait(false);
        if (summary is null)
        {
            return (NotificationAttemptResult.Refused, null, "The job has no summary.json to send.");
        }

        var body = WebhookEvents.IsBatchEvent(notification.Event)
            ? NotificationPayload.BuildOpenAIEvent(notification, summary)
            : NotificationPayload.Build(notification.Event, summary);
        var timestamp = at.ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, notification.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = JsonType;
        request.Headers.Add("webhook-id", notification.WebhookId);
        request.Headers.Add("webhook-timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", WebhookSigner.Sign(key, notification.WebhookId, timestamp, body));
        try
        {
            using var response = await engine.WebhookClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            return response.IsSuccessStatusCode
                ? (NotificationAttemptResult.Delivered, status, null)
                : (NotificationAttemptResult.Failed, status, string.Create(CultureInfo.InvariantCulture, $"The receiver answered {status}."));
        }
        catch (HttpRequestException e)
        {
            return (NotificationAttemptResult.Failed, null, e.Message);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (NotificationAttemptResult.Failed, null, $"No answer within {options.SendTimeout.TotalSeconds:0.#} s.");
        }
    }
}
