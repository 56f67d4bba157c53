using System.Text.Json;
using BatchInference.Jobs.Messages;
using BatchInference.Orchestrations.Engine;

namespace BatchInference.Orchestrations.Intake;

/// <summary>
/// A job message (<c>schemas/job-message.schema.json</c>) to a job, for every intake (the function app's Storage queue
/// function and Service Bus processor, and <c>bi worker --local</c>'s local trigger loop): parse and validate, pin the input blob to this pipeline's account, submit through
/// <see cref="JobEngine.SubmitMessageAsync"/>. The job id comes from the message's <c>message_id</c>, so a redelivered
/// or re-sent message finds the job it started; the message's settings replace a sidecar.
/// </summary>
public static class JobMessageIntake
{
    /// <summary>The Storage queue job messages arrive on (plain JSON text, not base64).</summary>
    public const string QueueName = "job-messages";

    /// <summary>Where a job message that cannot start a job ends up, as the Functions host names a poison queue.</summary>
    public const string PoisonQueueName = QueueName + "-poison";

    /// <summary>The dead-letter reason of a message that is not a valid job message.</summary>
    public const string InvalidReason = "InvalidJobMessage";

    /// <summary>The dead-letter reason of a message whose input blob does not exist.</summary>
    public const string InputNotFoundReason = "InputNotFound";

    /// <summary>Starts the message's job, or says why it cannot.</summary>
    /// <param name="engine">The engine.</param>
    /// <param name="blobEndpoint">The pipeline account's blob endpoint.</param>
    /// <param name="body">The message body, UTF-8 JSON.</param>
    /// <param name="cancellationToken">Stops waiting; the job may still have been submitted.</param>
    /// <returns>The outcome. Storage failures throw (they are worth a retry).</returns>
    public static async Task<JobMessageOutcome> SubmitAsync(
        JobEngine engine, Uri blobEndpoint, ReadOnlyMemory<byte> body, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var parsed = JobMessageParser.Parse(body.Span);
        if (!parsed.Succeeded)
        {
            return new JobMessageOutcome.Rejected(InvalidReason, $"Not a valid job message: {parsed.FailureReason}");
        }

        var message = parsed.Message!;
        if (!message.Input.TryResolve(blobEndpoint, out var container, out var blob))
        {
            return new JobMessageOutcome.Rejected(
                InvalidReason, $"input.url {message.Input.Url} is not a blob in this pipeline's storage account ({blobEndpoint}).");
        }

        try
        {
            var jobId = await engine.SubmitMessageAsync(message.MessageId, container, blob, SettingsJson(body), cancellationToken: cancellationToken).ConfigureAwait(false);
            return new JobMessageOutcome.Started(jobId, $"{container}/{blob}");
        }
        catch (FileNotFoundException ex)
        {
            return new JobMessageOutcome.Rejected(InputNotFoundReason, ex.Message);
        }
    }

    // The parser validated the body, so it is a JSON object here.
    private static string? SettingsJson(ReadOnlyMemory<byte> body)
    {
        using var document = JsonDocument.Parse(body);
        return document.RootElement.TryGetProperty("settings", out var settings) && settings.ValueKind == JsonValueKind.Object
            ? settings.GetRawText()
            : null;
    }
}
