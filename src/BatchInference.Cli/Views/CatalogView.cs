using System.Globalization;
using BatchInference.Ledger.Pricing;
using Spectre.Console;

namespace BatchInference.Cli.Views;

/// <summary>
/// <c>bi catalog list</c> and <c>show</c>: one row per catalog entry with its prices per million tokens, and for one
/// model its limits and batch completion times too.
/// </summary>
internal static class CatalogView
{
    private static readonly string[] TierOrder = ["realtime", "batch", "flex", "spot"];

    public static void WriteList(IAnsiConsole console, PriceCatalogLoad load)
    {
        var catalog = load.Catalog;
        var offers = Ordered(catalog, catalog.Offers).ToList();
        console.MarkupLineInterpolated(
            $"Catalog {catalog.Version} ({catalog.Currency}, {Format(load.Format)}): {offers.Count} entries, {offers.Select(o => o.Model).Distinct(StringComparer.Ordinal).Count()} models, prices per 1M tokens");
        var table = PriceTable("Provider", "Model", "Tier", "Region");
        foreach (var offer in offers)
        {
            table.AddRow([Cell(offer.Provider), Cell(offer.Model), Cell(offer.Tier), Cell(offer.Region), .. Prices(offer.Price)]);
        }

        console.Write(table);
    }

    public static void WriteModel(IAnsiConsole console, PriceCatalog catalog, string model, IReadOnlyList<TierOffer> offers)
    {
        console.MarkupLineInterpolated($"{model} in catalog {catalog.Version} ({catalog.Currency}), prices per 1M tokens");
        var table = PriceTable("Provider", "Tier", "Priced as", "Region", "Deployment");
        table.AddColumn("Limits");
        table.AddColumn("Batch completion p50 / p95 / max");
        foreach (var offer in Ordered(catalog, offers))
        {
            table.AddRow([
                Cell(offer.Provider), Cell(offer.Tier), Cell(offer.Model), Cell(offer.Region), Cell(offer.Deployment), .. Prices(offer.Price),
                Cell(Limits(offer.Limits)), Cell(offer.Completion is { } c ? $"{Duration(c.P50)} / {Duration(c.P95)} / {Duration(c.Max)}" : null),
            ]);
        }

        console.Write(table);
    }

    /// <summary>A price as the catalog files write it: invariant, no trailing zeros (2.5, 0.0375).</summary>
    public static string Money(decimal value) => value.ToString("0.##########", CultureInfo.InvariantCulture);

    public static string Format(PriceCatalogFormat format) => format == PriceCatalogFormat.LiteLlm ? "LiteLLM price list" : "catalog format";

    private static Table PriceTable(params string[] keys)
    {
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var key in keys)
        {
            table.AddColumn(key);
        }

        foreach (var price in new[] { "Input", "Cached input", "Cache write", "Output" })
        {
            table.AddColumn(new TableColumn(price).RightAligned());
        }

        return table;
    }

    private static IEnumerable<TierOffer> Ordered(PriceCatalog catalog, IEnumerable<TierOffer> offers)
    {
        var providers = catalog.Providers.Select(p => p.Name).ToList();
        return offers
            .OrderBy(o => providers.IndexOf(o.Provider) is var i and >= 0 ? i : int.MaxValue)
            .ThenBy(o => o.Provider, StringComparer.Ordinal)
            .ThenBy(o => o.Model, StringComparer.Ordinal)
            .ThenBy(o => Array.IndexOf(TierOrder, o.Tier) is var t and >= 0 ? t : int.MaxValue)
            .ThenBy(o => o.Tier, StringComparer.Ordinal);
    }

    private static string[] Prices(ModelPrice price) =>
        [Money(price.InputPerMillion), Money(price.CachedInputPerMillion), price.CacheWritePerMillion is { } w ? Money(w) : "-", Money(price.OutputPerMillion)];

    private static string Limits(TierLimits limits)
    {
        var parts = new (long? Value, string Unit)[]
        {
            (limits.RequestsPerMinute, "rpm"), (limits.TokensPerMinute, "tpm"), (limits.InputTokensPerMinute, "input tpm"),
            (limits.OutputTokensPerMinute, "output tpm"), (limits.MaxBatchLines, "lines/batch"), (limits.MaxBatchBytes, "bytes/batch"),
        };
        var text = string.Join(", ", parts.Where(p => p.Value is not null).Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Value} {p.Unit}")));
        return text.Length == 0 ? "-" : text;
    }

    private static string Duration(TimeSpan time) => time.TotalHours >= 1
        ? string.Create(CultureInfo.InvariantCulture, $"{time.TotalHours:0.##}h")
        : time.TotalMinutes >= 1 ? string.Create(CultureInfo.InvariantCulture, $"{time.TotalMinutes:0.##}m") : string.Create(CultureInfo.InvariantCulture, $"{time.TotalSeconds:0.##}s");

    private static string Cell(string? text) => Markup.Escape(text ?? "-");
}
