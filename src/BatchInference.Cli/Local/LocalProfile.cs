namespace BatchInference.Cli.Local;

/// <summary>
/// The settings a <c>--local</c> command runs with on top of configuration: the emulator as the OpenAI and the
/// Anthropic provider, the built-in catalog's models on the emulator's compressed clock (<see cref="LocalCatalog"/>: a
/// 24 h batch window lasts 24 s, so batch shards finish in seconds) and batch polls to match. A setting the user gave explicitly for the catalog or the polls
/// wins; the provider endpoints always point at the emulator, since that is what <c>--local</c> means.
/// </summary>
internal static class LocalProfile
{
    public static Dictionary<string, string?> Settings(LocalParts parts, Microsoft.Extensions.Configuration.IConfiguration configuration)
    {
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Storage"] = parts.StorageConnectionString,
            ["Storage:ConnectionString"] = parts.StorageConnectionString,
        };
        if (parts.OpenAIEndpoint is { } endpoint)
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

    private static void Default(Dictionary<string, string?> settings, Microsoft.Extensions.Configuration.IConfiguration configuration, string key, string value)
    {
        if (string.IsNullOrEmpty(configuration[key]))
        {
            settings[key] = value;
        }
    }
}
