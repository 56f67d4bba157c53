using BatchInference.Orchestrations.Engine;
using BatchInference.Orchestrations.Planning;
using BatchInference.Orchestrations.State;

namespace BatchInference.Orchestrations.Routing;

/// <summary>Why a line no provider may run fails, in words that say how to get it to run.</summary>
internal static class UnroutedLine
{
    public static string Why(EngineContext context, string model, string url)
    {
        var catalog = context.Catalog;
        if (!catalog.KnowsModel(model))
        {
            var closest = string.Join(", ", catalog.ClosestModels(model).Select(m => $"'{m}'"));
            return $"Model '{model}' is not in the price catalog (closest known: {closest}), so its cost could not be accounted for. "
                + "Add it to a catalog file named by Pricing:CatalogPath (docs/tiers.md, \"Price catalog\"), "
                + "or set unknown_model: run_unpriced on the job to run it without a price.";
        }

        var served = catalog.Providers.Where(p => TierCatalog.Serves(p.Kind, Tiers.Realtime, url) && catalog.TryGetPrice(p.Name, model, Tiers.Realtime, out _))
            .Select(p => p.Name).ToList();
        if (served.Count == 0)
        {
            return $"No provider in the price catalog serves model '{model}' on {url}: {UrlSupport.Describe(url)}";
        }

        return $"Model '{model}' on {url} is served by {string.Join(", ", served)}, but none of those is configured on this worker "
            + $"(configured: {string.Join(", ", context.Providers.Names)}) and allowed by the job's allowed_providers.";
    }
}
