namespace BatchInference.Orchestrations.Planning;

/// <summary>The requests of one shard that go to one model on one endpoint, and the tokens they are expected to use.</summary>
/// <param name="Model">The model (<c>body.model</c>).</param>
/// <param name="Url">The endpoint, e.g. <c>/v1/chat/completions</c>.</param>
/// <param name="Lines">Request lines.</param>
/// <param name="InputTokens">Estimated input tokens of all of them.</param>
/// <param name="OutputTokens">Estimated output tokens of all of them.</param>
public sealed record ModelWorkload(string Model, string Url, long Lines, long InputTokens, long OutputTokens);
