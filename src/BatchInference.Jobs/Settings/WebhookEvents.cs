namespace BatchInference.Jobs.Settings;

/// <summary>
/// The event types a webhook can ask for (Standard Webhooks' <c>type</c>: a dotted <c>family.event</c> name). Every
/// family is listed in <see cref="Known"/>, so a settings file is checked against all of them; a new family (such as
/// the OpenAI-shaped <c>batch.*</c> events of jobs created through the Batch API) adds its names there.
/// </summary>
public static class WebhookEvents
{
    /// <summary>Every line succeeded.</summary>
    public const string JobCompleted = "job.completed";

    /// <summary>The job ran; some lines failed or were invalid.</summary>
    public const string JobCompletedWithErrors = "job.completed_with_errors";

    /// <summary>The job could not run or stopped on an error.</summary>
    public const string JobFailed = "job.failed";

    /// <summary>A user cancelled the job.</summary>
    public const string JobCancelled = "job.cancelled";

    /// <summary>A budget stopped lines from being sent.</summary>
    public const string JobBudgetExceeded = "job.budget_exceeded";

    /// <summary>The <c>job.*</c> events: one per terminal job status. A webhook with no <c>events</c> gets all of them.</summary>
    public static IReadOnlyList<string> JobTerminal { get; } =
        [JobCompleted, JobCompletedWithErrors, JobFailed, JobCancelled, JobBudgetExceeded];

    /// <summary>OpenAI's <c>batch.completed</c>: a batch of the OpenAI-compatible API ended (also with failed lines).</summary>
    public const string BatchCompleted = "batch.completed";

    /// <summary>OpenAI's <c>batch.failed</c>: the batch could not run.</summary>
    public const string BatchFailed = "batch.failed";

    /// <summary>OpenAI's <c>batch.expired</c>: the batch finished after its completion window.</summary>
    public const string BatchExpired = "batch.expired";

    /// <summary>OpenAI's <c>batch.cancelled</c>.</summary>
    public const string BatchCancelled = "batch.cancelled";

    /// <summary>The OpenAI-shaped <c>batch.*</c> events, sent only for jobs created through the OpenAI-compatible API.</summary>
    public static IReadOnlyList<string> BatchTerminal { get; } = [BatchCompleted, BatchFailed, BatchExpired, BatchCancelled];

    /// <summary>Every event type a webhook may name.</summary>
    public static IReadOnlyList<string> Known { get; } = [.. JobTerminal, .. BatchTerminal];

    /// <summary>Whether <paramref name="name"/> is one of OpenAI's <c>batch.*</c> events (sent in OpenAI's event shape).</summary>
    /// <param name="name">An event type.</param>
    /// <returns>True for <see cref="BatchTerminal"/> names.</returns>
    public static bool IsBatchEvent(string name) => BatchTerminal.Contains(name, StringComparer.Ordinal);

    /// <summary>Whether <paramref name="name"/> is an event type (exact, lowercase).</summary>
    /// <param name="name">The name as written.</param>
    /// <returns>True when known.</returns>
    public static bool IsKnown(string? name) => name is not null && Known.Contains(name, StringComparer.Ordinal);
}
