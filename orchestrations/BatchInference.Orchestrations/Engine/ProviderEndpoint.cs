using BatchInference.Providers.Batches;
using BatchInference.Providers.Realtime;

namespace BatchInference.Orchestrations.Engine;

/// <summary>One provider the engine can send work to, by tier.</summary>
/// <param name="Name">The provider's name in the catalog and the ledger, e.g. <c>openai</c>, <c>anthropic</c>, <c>spot</c>.</param>
/// <param name="Realtime">Its real-time client (standard tier; also the spot tier for a spot provider).</param>
/// <param name="Flex">
/// Its client for flex processing, when the provider offers it: the same endpoint with few attempts, so a
/// "resource unavailable" answer falls back to the standard tier quickly instead of waiting out retries.
/// </param>
/// <param name="Batch">Its batch API, when it has one.</param>
/// <param name="BaseUrl">Its base URL, when known: completion-time history is kept per endpoint (<see cref="History.CompletionKey.ScopeOf"/>).</param>
public sealed record ProviderEndpoint(string Name, RealtimeClient Realtime, RealtimeClient? Flex = null, IBatchProvider? Batch = null, Uri? BaseUrl = null);
