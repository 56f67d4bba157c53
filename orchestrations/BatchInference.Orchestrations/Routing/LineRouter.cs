using System.Collections.Concurrent;
using BatchInference.Ledger.Pricing;
using BatchInference.Orchestrations.Engine;
using BatchInference.Orchestrations.Planning;
using BatchInference.Orchestrations.State;
using BatchInference.Providers.Realtime;

namespace BatchInference.Orchestrations.Routing;

/// <summary>
/// Sends each real-time line of a shard to the provider its own url and model belong to. A line the shard's planned
/// route serves goes there; any other line (a <c>/v1/messages</c> line in a shard planned on OpenAI, a model only
/// another provider offers) goes to the standard tier of the first configured, allowed provider that serves it: the
/// shard's provider, then the default one, then the catalog's order. With <c>unknown_model: run_unpriced</c>, a model
/// the catalog does not know goes to the provider its url and name point to (<c>/v1/messages</c> and <c>claude-*</c>
/// to Anthropic, anything else to the OpenAI family), unpriced.
/// </summary>
internal sealed class LineRouter
{
    private readonly EngineContext _context;
    private readonly IReadOnlyCollection<string> _allowed;
    private readonly bool _runUnpriced;
    private readonly ConcurrentDictionary<(string Model, string Url), LineRoute?> _routes = new();
    private readonly ConcurrentDictionary<string, ShardRouter> _standard = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ShardRouter> _sentBy = new(StringComparer.Ordinal);

    /// <param name="context">The engine.</param>
    /// <param name="shard">The router of the shard's planned route.</param>
    /// <param name="allowedProviders">The job's allowed providers; empty means any.</param>
    /// <param name="runUnpriced">Whether lines of a model the catalog does not know run, unpriced.</param>
    public LineRouter(EngineContext context, ShardRouter shard, IReadOnlyCollection<string> allowedProviders, bool runUnpriced)
    {
        _context = context;
        Shard = shard;
        _allowed = allowedProviders;
        _runUnpriced = runUnpriced;
    }

    /// <summary>The router of the shard's planned route.</summary>
    public ShardRouter Shard { get; }

    /// <summary>Most requests in flight at once: the shard route's limit (each client also holds its own).</summary>
    public int MaxConcurrency => Shard.MaxConcurrency;

    /// <summary>Where a line of <paramref name="model"/> to <paramref name="url"/> goes, or null when nothing may run it.</summary>
    public LineRoute? Resolve(string model, string url)
    {
        // The shard's route may switch tiers (flex or spot giving up), so its lines are not cached.
        var current = Shard.Current;
        if (Serves(current.Provider, current.Tier, url) && _context.Catalog.TryGetPrice(current.Provider, model, current.Tier, out var price))
        {
            return new LineRoute(Shard, current.Provider, current.Tier, price);
        }

        return _routes.GetOrAdd((model, url), key => Other(key.Model, key.Url));
    }

    public Task<RealtimeOutcome> SendAsync(RealtimeRequest request, CancellationToken cancellationToken)
    {
        var router = Resolve(request.Model, request.Url)?.Router
            ?? throw new InvalidOperationException($"Line '{request.CustomId}' was sent although nothing may run it.");
        _sentBy[request.CustomId] = router;
        return router.SendAsync(request, cancellationToken);
    }

    /// <summary>The route that gave <paramref name="customId"/>'s final outcome (taken once).</summary>
    public TierRoute TakeRoute(string customId) =>
        (_sentBy.TryRemove(customId, out var router) ? router : Shard).TakeRoute(customId);

    private LineRoute? Other(string model, string url)
    {
        foreach (var provider in Candidates())
        {
            if (Serves(provider, Tiers.Realtime, url) && _context.Catalog.TryGetPrice(provider, model, Tiers.Realtime, out var price))
            {
                return new LineRoute(StandardOf(provider), provider, Tiers.Realtime, price);
            }
        }

        if (!_runUnpriced || _context.Catalog.KnowsModel(model))
        {
            return null;
        }

        var anthropic = url == "/v1/messages" || model.StartsWith("claude", StringComparison.OrdinalIgnoreCase);
        var family = Candidates().FirstOrDefault(p => (KindOf(p) == ProviderKind.Anthropic) == anthropic && Serves(p, Tiers.Realtime, url));
        return family is null ? null : new LineRoute(StandardOf(family), family, Tiers.Realtime, Price: null);
    }

    // The shard's provider, the default one, then the catalog's order: configured and allowed by the job.
    private IEnumerable<string> Candidates() =>
        new[] { Shard.Current.Provider, _context.Options.Provider }
            .Concat(_context.Catalog.Providers.Select(p => p.Name))
            .Concat(_context.Providers.Names.Order(StringComparer.Ordinal))
            .Distinct(StringComparer.Ordinal)
            .Where(p => _context.Providers.Find(p) is not null)
            .Where(p => _allowed.Count == 0 || _allowed.Contains(p, StringComparer.OrdinalIgnoreCase));

    private ShardRouter StandardOf(string provider) => _standard.GetOrAdd(provider, name =>
    {
        var endpoint = _context.Provider(name);
        var route = new TierRoute(endpoint.Name, Tiers.Realtime, endpoint.Realtime, DeploymentOf: ShardRoutes.Deployments(_context, endpoint.Name, Tiers.Realtime));
        return new ShardRouter(route, fallback: null, _context.Options.FallbackSwitchAfter);
    });

    private bool Serves(string provider, string tier, string url) => TierCatalog.Serves(KindOf(provider), tier, url);

    // A provider the catalog does not list is taken for an OpenAI-compatible server, as the catalog itself does.
    private ProviderKind KindOf(string provider) => _context.Catalog.FindProvider(provider)?.Kind ?? ProviderKind.OpenAICompatible;
}

/// <summary>Where one line goes: the router, its provider and tier, and its price (null when it runs unpriced).</summary>
internal sealed record LineRoute(ShardRouter Router, string Provider, string Tier, ModelPrice? Price);
