using System.CommandLine;
using BatchInference.Cli.Views;
using BatchInference.Ledger.Pricing;
using Microsoft.Extensions.Configuration;

namespace BatchInference.Cli.Commands;

/// <summary>
/// <c>bi catalog list|validate|show|diff</c>: the price catalog a run would use, or any catalog file in this product's
/// format or LiteLLM's price-list format. Data goes to stdout, diagnostics (problems, warnings) to stderr. Exit codes:
/// 0 ok, 2 a file is not a valid catalog or a model is unknown (usage error), and for <c>diff</c> 1 when the catalogs'
/// prices differ, as <c>diff</c> does.
/// </summary>
internal static class CatalogCommand
{
    /// <summary><c>bi catalog diff</c>'s exit code when the catalogs differ.</summary>
    public const int Different = 1;

    public static Command Create(IConfiguration configuration)
    {
        var command = new Command("catalog", "List, validate, show and compare price catalogs (this product's format or LiteLLM's model_prices_and_context_window.json).");
        command.Subcommands.Add(List(configuration));
        command.Subcommands.Add(Validate());
        command.Subcommands.Add(Show(configuration));
        command.Subcommands.Add(Diff());
        return command;
    }

    private static Option<FileInfo?> CatalogOption() =>
        new("--catalog") { Description = "Catalog file, either format (default: Pricing:CatalogPath, else the built-in catalog)." };

    private static Command List(IConfiguration configuration)
    {
        var catalog = CatalogOption();
        var command = new Command("list", "List every model, provider and tier of a catalog with its prices per 1M tokens.") { catalog };
        command.SetAction(CommandAction.Guarded((parse, _) =>
        {
            CatalogView.WriteList(Consoles.Out, CatalogSource.Resolve(parse.GetValue(catalog), configuration));
            return Task.FromResult(ExitCodes.Ok);
        }));
        return command;
    }

    private static Command Validate()
    {
        var path = new Argument<string>("path") { Description = "Catalog file to check, in this product's format or LiteLLM's." };
        var command = new Command("validate", "Check a catalog file: errors exit 2; warnings list what could not be mapped and which defaults stand in.") { path };
        command.SetAction(CommandAction.Guarded((parse, _) =>
        {
            var file = parse.GetValue(path)!;
            PriceCatalogLoad load;
            try
            {
                load = CatalogSource.Read(file);
            }
            catch (UsageException ex) when (ex.InnerException is PriceCatalogException invalid)
            {
                Console.Error.WriteLine($"{file} is not a valid catalog ({invalid.Problems.Count} problem(s)):");
                foreach (var problem in invalid.Problems)
                {
                    Console.Error.WriteLine($"error: {problem}");
                }

                return Task.FromResult(ExitCodes.Usage);
            }

            var catalog = load.Catalog;
            var providers = catalog.Providers.Select(p => $"{p.Name} ({string.Join(", ", p.Tiers)})");
            // Plain lines, not Spectre markup: a long summary or warning stays one line for grep and scripts.
            Console.Out.WriteLine(
                $"{file}: valid {CatalogView.Format(load.Format)}, catalog {catalog.Version} ({catalog.Currency}): {catalog.Offers.Count()} entries, {catalog.Prices.Select(p => p.Model).Distinct(StringComparer.Ordinal).Count()} models; providers {string.Join("; ", providers)}");
            foreach (var warning in load.Warnings)
            {
                Console.Error.WriteLine($"warning: {warning}");
            }

            Console.Error.WriteLine($"{load.Warnings.Count} warning(s)");
            return Task.FromResult(ExitCodes.Ok);
        }));
        return command;
    }

    private static Command Show(IConfiguration configuration)
    {
        var model = new Argument<string>("model") { Description = "Model name as a request sends it (a dated snapshot is priced as its base model)." };
        var catalog = CatalogOption();
        var command = new Command("show", "Show every provider and tier a catalog offers one model on: prices, limits, batch completion times.") { model, catalog };
        command.SetAction(CommandAction.Guarded((parse, _) =>
        {
            var name = parse.GetValue(model)!;
            var prices = CatalogSource.Resolve(parse.GetValue(catalog), configuration).Catalog;
            var offers = Offers(prices, name);
            if (offers.Count == 0)
            {
                var near = Nearest(prices, name);
                throw new UsageException(
                    $"Model '{name}' is not in catalog {prices.Version}." + (near.Count > 0 ? $" Known models like it: {string.Join(", ", near)}." : string.Empty)
                    + " Add it with a catalog file (Pricing:CatalogPath, --catalog), in this format or LiteLLM's.");
            }

            CatalogView.WriteModel(Consoles.Out, prices, name, offers);
            return Task.FromResult(ExitCodes.Ok);
        }));
        return command;
    }

    private static Command Diff()
    {
        var from = new Argument<string>("from") { Description = $"The old catalog file, or {CatalogSource.BuiltInName}." };
        var to = new Argument<string>("to") { Description = $"The new catalog file, or {CatalogSource.BuiltInName}." };
        var command = new Command("diff", "Compare two catalogs' prices: entries added (+), removed (-) and repriced (~). Exit 0 when equal, 1 when they differ.") { from, to };
        command.SetAction(CommandAction.Guarded((parse, _) =>
        {
            var (a, b) = (CatalogSource.Read(parse.GetValue(from)!).Catalog, CatalogSource.Read(parse.GetValue(to)!).Catalog);
            var changes = CatalogDiff.Compare(a, b);
            foreach (var change in changes)
            {
                Console.Out.WriteLine(change.ToString());
            }

            Console.Error.WriteLine(
                $"{changes.Count(c => c.Kind == '+')} added, {changes.Count(c => c.Kind == '-')} removed, {changes.Count(c => c.Kind == '~')} changed ({a.Version} → {b.Version})");
            return Task.FromResult(changes.Count == 0 ? ExitCodes.Ok : Different);
        }));
        return command;
    }

    // Every provider and tier the catalog resolves the name on, so a dated snapshot shows the entry it is priced as.
    private static List<TierOffer> Offers(PriceCatalog catalog, string model) =>
    [
        .. catalog.Offers.Select(o => (o.Provider, o.Tier)).Distinct()
            .Select(key => catalog.TryGetOffer(key.Provider, model, key.Tier, out var offer) ? offer : null)
            .OfType<TierOffer>(),
    ];

    private static List<string> Nearest(PriceCatalog catalog, string model) =>
    [
        .. catalog.Prices.Select(p => p.Model).Distinct(StringComparer.Ordinal)
            .Select(m => (Model: m, Shared: m.Zip(model).TakeWhile(pair => pair.First == pair.Second).Count()))
            .Where(m => m.Shared >= 2)
            .OrderByDescending(m => m.Shared).ThenBy(m => m.Model, StringComparer.Ordinal)
            .Take(5)
            .Select(m => m.Model),
    ];
}
