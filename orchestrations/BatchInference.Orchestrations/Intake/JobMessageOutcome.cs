namespace BatchInference.Orchestrations.Intake;

/// <summary>What became of one job message: a job started (or found, for a redelivery), or a reason it never will.</summary>
public abstract record JobMessageOutcome
{
    private JobMessageOutcome()
    {
    }

    /// <summary>The message's job runs (<paramref name="JobId"/> is the same for every delivery of one message id).</summary>
    /// <param name="JobId">The job.</param>
    /// <param name="Input">container/blob of its input.</param>
    public sealed record Started(string JobId, string Input) : JobMessageOutcome;

    /// <summary>The message can never start a job as sent: retrying it cannot help.</summary>
    /// <param name="Reason">A short code for the dead-letter reason: <c>InvalidJobMessage</c> or <c>InputNotFound</c>.</param>
    /// <param name="Description">Every problem found, for the sender.</param>
    public sealed record Rejected(string Reason, string Description) : JobMessageOutcome;
}
