using BatchInference.Ledger.Pricing;
using Microsoft.Extensions.Configuration;

namespace BatchInference.Cli.Commands;

/// <summary>Where a command's price catalog comes from: a path, the <c>Pricing:CatalogPath</c> setting, or the built-in one.</summary>
internal static class CatalogSource
{
    /// <summary>The word that names the built-in catalog where a command takes a catalog path (<c>bi catalog diff built-in x.json</c>).</summary>
    public const string BuiltInName = "built-in";

    /// <summary>The catalog in <paramref name="file"/>, else the one <c>Pricing:CatalogPath</c> names, else the built-in one.</summary>
    /// <exception cref="UsageException">The catalog cannot be loaded; the message names the flag or setting.</exception>
    public static PriceCatalogLoad Resolve(FileInfo? file, IConfiguration configuration)
    {
        if (file is not null)
        {
            return Read(file.FullName, "--catalog ");
        }

        var setting = configuration["Pricing:CatalogPath"];
        return string.IsNullOrWhiteSpace(setting) ? Read(BuiltInName) : Read(setting, "Pricing:CatalogPath ");
    }

    /// <summary>The catalog at <paramref name="path"/> in either format, or the built-in one for <see cref="BuiltInName"/>.</summary>
    /// <exception cref="UsageException">The file cannot be read or is not a valid catalog.</exception>
    public static PriceCatalogLoad Read(string path, string label = "")
    {
        if (path == BuiltInName)
        {
            return new PriceCatalogLoad(PriceCatalog.BuiltIn(), PriceCatalogFormat.Native, []);
        }

        try
        {
            return PriceCatalog.ReadFile(path);
        }
        catch (Exception ex) when (ex is FormatException or IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"{label}{path} cannot be loaded: {ex.Message}", ex);
        }
    }
}
