namespace BatchInference.Orchestrations.Planning;

/// <summary>The tokens one request is expected to use.</summary>
/// <param name="Input">Estimated input (prompt) tokens.</param>
/// <param name="Output">Expected output tokens.</param>
public readonly record struct RequestTokens(long Input, long Output);
