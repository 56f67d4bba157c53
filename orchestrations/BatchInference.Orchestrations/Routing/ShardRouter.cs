using System.Collections.Concurrent;
using BatchInference.Orchestrations.State;
using BatchInference.Providers.Realtime;

namespace BatchInference.Orchestrations.Routing;

/// <summary>
/// Sends a shard's requests on its tier and falls back when that tier lets a request down: a flex request the provider
/// has no capacity for (429 "resource unavailable") goes to the standard tier; a spot endpoint that stopped answering
/// (transport failures, 5xx, open circuit) gives its request to the fallback provider. After
/// <c>switchAfter</c> fallbacks in a row the router stops trying the tier for the rest of the run — a storm or a dead
/// endpoint — and <see cref="SwitchReason"/> says why. Only the last route waits out an outage until the request's
/// deadline; a route with a fallback fails fast. Every outcome carries the attempts of both routes, so the
/// ledger sees every paid call; the answer is recorded under the route that gave it.
/// </summary>
internal sealed class ShardRouter
{
    private readonly TierRoute _primary;
    private readonly TierRoute? _fallback;
    private readonly int _switchAfter;
    private readonly ConcurrentDictionary<string, TierRoute> _answeredBy = new(StringComparer.Ordinal);
    private int _fallbacksInARow;
    private volatile string? _switchReason;

    public ShardRouter(TierRoute primary, TierRoute? fallback, int switchAfter)
    {
        _primary = primary;
        _fallback = fallback;
        _switchAfter = switchAfter;
    }

    /// <summary>The route lines are planned on now (the fallback once the router switched).</summary>
    public TierRoute Current => _switchReason is not null && _fallback is not null ? _fallback : _primary;

    /// <summary>Why the router left its tier for good, or null while it has not.</summary>
    public string? SwitchReason => _switchReason;

    /// <summary>Most requests in flight at once: the primary client's limit.</summary>
    public int MaxConcurrency => _primary.Client.MaxConcurrency;

    public async Task<RealtimeOutcome> SendAsync(RealtimeRequest request, CancellationToken cancellationToken)
    {
        var route = Current;
        var prepared = route.Prepare(request);
        if (_fallback is not null && !ReferenceEquals(route, _fallback))
        {
            // With somewhere else to go, waiting out this tier's outage until the deadline would be wrong: fail fast, fall back.
            prepared = prepared with { Deadline = null };
        }

        var outcome = await route.Client.SendAsync(prepared, cancellationToken).ConfigureAwait(false);
        if (_fallback is null || ReferenceEquals(route, _fallback) || !ShouldFallBack(route.Tier, outcome))
        {
            if (outcome.Succeeded)
            {
                Interlocked.Exchange(ref _fallbacksInARow, 0);
            }

            _answeredBy[request.CustomId] = route;
            return outcome;
        }

        if (Interlocked.Increment(ref _fallbacksInARow) >= _switchAfter && _switchReason is null)
        {
            _switchReason = route.Tier == Tiers.Flex
                ? $"flex capacity was unavailable for {_switchAfter} requests in a row; the rest ran on the standard tier"
                : $"the {route.Provider} endpoint stopped answering ({_switchAfter} requests in a row); the rest ran on {_fallback.Provider}";
        }

        var second = await _fallback.Client.SendAsync(_fallback.Prepare(request), cancellationToken).ConfigureAwait(false);
        _answeredBy[request.CustomId] = _fallback;
        return Combine(outcome, second);
    }

    /// <summary>The route that gave <paramref name="customId"/>'s final outcome (taken once).</summary>
    public TierRoute TakeRoute(string customId) => _answeredBy.TryRemove(customId, out var route) ? route : Current;

    // Flex: the provider had no capacity (429) or is failing — the standard tier waits it out. Spot: the endpoint is gone or broken.
    private static bool ShouldFallBack(string tier, RealtimeOutcome outcome) => !outcome.Succeeded && tier switch
    {
        Tiers.Flex => outcome.StatusCode is 429 or >= 500 || outcome.ErrorCode == RealtimeErrorCodes.CircuitOpen,
        Tiers.Spot => outcome.StatusCode is null or >= 500 or 429 || outcome.ErrorCode == RealtimeErrorCodes.CircuitOpen,
        _ => false,
    };

    // The first route's attempts were not answered (so not paid); keep them so the record shows what happened, and
    // number the fallback's attempts after them.
    private static RealtimeOutcome Combine(RealtimeOutcome first, RealtimeOutcome second)
    {
        var offset = first.Attempts.Count;
        var attempts = first.Attempts.Concat(second.Attempts.Select(a => a with { Attempt = a.Attempt + offset })).ToList();
        return second with { Attempts = attempts };
    }
}
