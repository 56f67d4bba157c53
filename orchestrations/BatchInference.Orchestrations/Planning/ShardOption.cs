namespace BatchInference.Orchestrations.Planning;

/// <summary>One way to run a shard, evaluated against the deadline.</summary>
/// <param name="Route">Provider and tier.</param>
/// <param name="Cost">Estimated cost.</param>
/// <param name="Finish">Pessimistic finish.</param>
/// <param name="LastSafeMoment">When to hedge onto <paramref name="Fallback"/>; null for real time or without a fallback.</param>
/// <param name="Fallback">The real-time option the shard's rest would run on; null for real time itself.</param>
/// <param name="Feasible">Whether it meets the deadline (with its reserve).</param>
/// <param name="Why">Why it does or does not, in words.</param>
internal sealed record ShardOption(
    PlanRoute Route, decimal Cost, DateTimeOffset Finish, DateTimeOffset? LastSafeMoment, ShardOption? Fallback, bool Feasible, string Why);
