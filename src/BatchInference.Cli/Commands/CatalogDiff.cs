using BatchInference.Cli.Views;
using BatchInference.Ledger.Pricing;

namespace BatchInference.Cli.Commands;

/// <summary>One difference between two catalogs' prices: an entry added, removed, or priced differently.</summary>
/// <param name="Kind"><c>+</c> added, <c>-</c> removed, <c>~</c> changed.</param>
/// <param name="Sku">The entry, <c>provider/model/tier</c>.</param>
/// <param name="Detail">Its prices (added, removed) or each changed price as <c>old → new</c>.</param>
internal sealed record CatalogChange(char Kind, string Sku, string Detail)
{
    public override string ToString() => $"{Kind} {Sku}  {Detail}";
}

/// <summary><c>bi catalog diff</c>'s comparison: every entry added, removed or repriced from one catalog to the other.</summary>
internal static class CatalogDiff
{
    public static List<CatalogChange> Compare(PriceCatalog from, PriceCatalog to)
    {
        var before = from.Prices.ToDictionary(p => p.SkuId, StringComparer.Ordinal);
        var after = to.Prices.ToDictionary(p => p.SkuId, StringComparer.Ordinal);
        var changes = new List<CatalogChange>();
        foreach (var sku in before.Keys.Union(after.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            var (old, now) = (before.GetValueOrDefault(sku), after.GetValueOrDefault(sku));
            if (old is null)
            {
                changes.Add(new CatalogChange('+', sku, Prices(now!)));
            }
            else if (now is null)
            {
                changes.Add(new CatalogChange('-', sku, Prices(old)));
            }
            else if (Changed(old, now) is { Length: > 0 } changed)
            {
                changes.Add(new CatalogChange('~', sku, changed));
            }
        }

        return changes;
    }

    private static string Prices(ModelPrice p) => string.Join(", ", Fields(p).Where(f => f.Value is not null).Select(f => $"{f.Name} {Money(f.Value)}"));

    private static string Changed(ModelPrice old, ModelPrice now) => string.Join(
        ", ",
        Fields(old).Zip(Fields(now)).Where(f => f.First.Value != f.Second.Value).Select(f => $"{f.First.Name} {Money(f.First.Value)} → {Money(f.Second.Value)}"));

    private static (string Name, decimal? Value)[] Fields(ModelPrice p) =>
        [("input", p.InputPerMillion), ("cached_input", p.CachedInputPerMillion), ("cache_write", p.CacheWritePerMillion), ("output", p.OutputPerMillion)];

    private static string Money(decimal? value) => value is { } v ? CatalogView.Money(v) : "-";
}
