namespace BatchInference.Emulator.Caching;

/// <summary>
/// One block of a Messages request in cache order (tools, then system, then messages): the digest and estimated tokens
/// of the prompt up to and including it, and whether the request put a <c>cache_control</c> breakpoint on it.
/// </summary>
internal sealed record AnthropicCacheBlock(UInt128 PrefixDigest, int PrefixTokens, bool Breakpoint);
