namespace BatchInference.Jobs.Summary;

/// <summary>When a job is expected to finish, and what that estimate rests on.</summary>
/// <param name="EstimatedFinish">The expected finish; null when nothing is known yet (no deadline, nothing planned).</param>
/// <param name="Basis">What it rests on, in words: lines per second so far, batch history or catalog figures, the plan, the deadline.</param>
public sealed record JobEta(DateTimeOffset? EstimatedFinish, string Basis);
