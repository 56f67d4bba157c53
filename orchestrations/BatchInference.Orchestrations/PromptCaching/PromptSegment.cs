namespace BatchInference.Orchestrations.PromptCaching;

/// <summary>
/// One piece of a prompt in the order a provider's cache reads it (a tool, a system block, a message or content block),
/// with the digest and estimated tokens of the prompt up to and including it, and where it sits in the body (the byte
/// range of its JSON value) so a breakpoint can be put on it.
/// </summary>
internal sealed record PromptSegment(UInt128 PrefixDigest, int PrefixTokens, int Start, int Length, bool IsString);
