namespace BatchInference.Api.Auth;

/// <summary>Who a request comes from: the team whose files and batches it may see, and the tags its spend carries.</summary>
/// <param name="Team">The team (lowercase letters, digits, '-'); it names the team's folder in storage.</param>
/// <param name="Tags">Tags every batch of the team carries into the ledger and spend report (they win over a batch's own).</param>
public sealed record ApiCaller(string Team, IReadOnlyDictionary<string, string> Tags);
