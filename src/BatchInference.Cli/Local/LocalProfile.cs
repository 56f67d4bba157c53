using Microsoft.Extensions.Configuration;

namespace BatchInference.Cli.Local;

/// <summary>
/// The settings a <c>--local</c> command runs with on top of configuration: the emulator as the OpenAI and the
/// Anthropic provider, the built-in catalog's models on the emulator's compressed clock (<see cref="LocalCatalog"/>: a
/// 24 h batch window lasts 24 s, so batch shards finish in seconds) and batch polls to match. A setting the user gave explicitly for the catalog or the polls
/// wins; the provider endpoints always point at the emulator, since that is what <c>--local</c> means.
/// </summary>
internal static class LocalProfile
{
    /// <summary>The settings a command runs with on <paramref name="parts"/>, on top of <paramref name="configuration"/>.</summary>
    public static Dictionary<string, string?> Settings(LocalParts parts, IConfiguration configuration) =>
        Settings(parts.StorageConnectionString, parts.OpenAIEndpoint, configuration);

    /// <summary>
    /// The configuration a <c>--local</c> job will run with as far as planning goes (catalog, providers), before any
    /// local part is started: what <c>bi run/submit --local</c> check a deadline against.
    /// </summary>
    public static IConfiguration ForPlanning(IConfiguration configuration) =>
        new ConfigurationBuilder().AddConfiguration(configuration).AddInMemoryCollection(Settings(null, new Uri("http://127.0.0.1/v1"), configuration)).Build();

    private static Dictionary<string, string?> Settings(string? storage, Uri? providerEndpoint, IConfiguration configuration)
    {
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (storage is not null)
        {
            settings["Storage"] = storage;
            settings["Storage:ConnectionString"] = storage;
        }

        if (providerEndpoint is { } endpoint)
        {
            settings["Providers:OpenAI:BaseUrl"] = endpoint.ToString();
            settings["Providers:OpenAI:ApiKey"] = "local-emulator";
            settings["Providers:Anthropic:Kind"] = "Anthropic";
            settings["Providers:Anthropic:BaseUrl"] = endpoint.ToString();
            settings["Providers:Anthropic:ApiKey"] = "local-emulator";
        }

        if (string.IsNullOrEmpty(configuration["Pricing:CatalogPath"]))
        {
            settings["Pricing:CatalogPath"] = LocalCatalog.WriteFile(Ledger.Pricing.PriceCatalog.BuiltIn());
        }

        Default(settings, configuration, "Engine:BatchPollInterval", "00:00:01");
        Default(settings, configuration, "Engine:BatchPollMaxInterval", "00:00:03");
        return settings;
    }

    private static void Default(Dictionary<string, string?> settings, IConfiguration configuration, string key, string value)
    {
        if (string.IsNullOrEmpty(configuration[key]))
        {
            settings[key] = value;
        }
    }
}
