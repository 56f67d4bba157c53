using System.Globalization;

namespace BatchInference.Ledger.Pricing;

/// <summary>
/// Turns a parsed catalog document into offers and providers, collecting every problem with its entry index
/// (<c>providers[1]</c>, <c>prices[7].completion.p95</c>) so a catalog is fixed in one pass.
/// </summary>
internal sealed class PriceCatalogReader
{
    private const string BatchTier = "batch";

    private readonly List<string> _problems = [];

    public IReadOnlyList<string> Problems => _problems;

    public TimeSpan? ReadFallbackMargin(string? text)
    {
        if (text is null)
        {
            return null;
        }

        if (CatalogDuration.TryParse(text, out var margin))
        {
            return margin;
        }

        _problems.Add($"fallback_margin: '{text}' is not {CatalogDuration.Expected}");
        return null;
    }

    /// <summary>The listed providers, or null when the document lists none (every priced provider is then implied).</summary>
    public Dictionary<string, ProviderInfo>? ReadProviders(List<ProviderCatalogEntry>? entries)
    {
        if (entries is null)
        {
            return null;
        }

        var providers = new Dictionary<string, ProviderInfo>(StringComparer.Ordinal);
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            var where = Where("providers", i);
            if (string.IsNullOrWhiteSpace(entry.Name))
            {
                _problems.Add($"{where}: name is required");
                continue;
            }

            if (!ProviderKindNames.TryParse(entry.Kind, out var kind))
            {
                _problems.Add($"{where} ({entry.Name}): kind '{entry.Kind}' is not {ProviderKindNames.Expected}");
                continue;
            }

            var info = new ProviderInfo(entry.Name, kind, Names(entry.Regions), Names(entry.Tiers));
            if (!providers.TryAdd(entry.Name, info))
            {
                _problems.Add($"{where}: duplicate provider {entry.Name}");
            }
        }

        return providers;
    }

    public List<TierOffer> ReadOffers(List<PriceCatalogEntry> entries, Dictionary<string, ProviderInfo>? providers)
    {
        var offers = new List<TierOffer>();
        var seen = new HashSet<(string, string, string)>();
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            var where = Where("prices", i);
            if (string.IsNullOrWhiteSpace(entry.Provider) || string.IsNullOrWhiteSpace(entry.Model) || string.IsNullOrWhiteSpace(entry.Tier))
            {
                _problems.Add($"{where}: provider, model and tier are required");
                continue;
            }

            var label = $"{where} ({entry.Model}/{entry.Tier})";
            if (entry.Input is not >= 0 || entry.CachedInput is not >= 0 || entry.Output is not >= 0 || entry.CacheWrite is < 0)
            {
                _problems.Add($"{label}: input, cached_input and output must be present and >= 0 (cache_write, when given, too)");
                continue;
            }

            if (!seen.Add((entry.Provider, entry.Model, entry.Tier)))
            {
                _problems.Add($"{where}: duplicate entry for {entry.Provider}/{entry.Model}/{entry.Tier}");
                continue;
            }

            var problemsBefore = _problems.Count;
            CheckProvider(entry, label, providers);
            var limits = ReadLimits(entry.Limits, label);
            var completion = ReadCompletion(entry, label);
            if (_problems.Count > problemsBefore)
            {
                continue;
            }

            var price = new ModelPrice(entry.Provider, entry.Model, entry.Tier, entry.Input.Value, entry.CachedInput.Value, entry.Output.Value)
            {
                CacheWritePerMillion = entry.CacheWrite,
            };
            offers.Add(new TierOffer(price, limits, completion, Blank(entry.Region), Blank(entry.Deployment)));
        }

        return offers;
    }

    /// <summary>Providers a catalog prices without listing them, in the order they first appear.</summary>
    public static List<ProviderInfo> Implied(IEnumerable<TierOffer> offers) =>
    [
        .. offers.GroupBy(o => o.Provider, StringComparer.Ordinal).Select(g => new ProviderInfo(
            g.Key,
            ProviderKindNames.Infer(g.Key),
            [.. g.Select(o => o.Region).OfType<string>().Distinct(StringComparer.Ordinal)],
            [.. g.Select(o => o.Tier).Distinct(StringComparer.Ordinal)])),
    ];

    private void CheckProvider(PriceCatalogEntry entry, string label, Dictionary<string, ProviderInfo>? providers)
    {
        if (providers is null)
        {
            return;
        }

        if (!providers.TryGetValue(entry.Provider!, out var provider))
        {
            _problems.Add($"{label}: provider {entry.Provider} is not in 'providers'");
            return;
        }

        if (provider.Tiers.Count > 0 && !provider.Tiers.Contains(entry.Tier!, StringComparer.Ordinal))
        {
            _problems.Add($"{label}: provider {provider.Name} does not list tier {entry.Tier}");
        }

        if (Blank(entry.Region) is { } region && provider.Regions.Count > 0 && !provider.Regions.Contains(region, StringComparer.Ordinal))
        {
            _problems.Add($"{label}: region {region} is not one of provider {provider.Name}'s regions");
        }
    }

    private TierLimits ReadLimits(LimitsCatalogEntry? limits, string label)
    {
        if (limits is null)
        {
            return TierLimits.None;
        }

        foreach (var (name, value) in new[]
        {
            ("rpm", limits.Rpm), ("tpm", limits.Tpm), ("input_tpm", limits.InputTpm), ("output_tpm", limits.OutputTpm),
            ("max_batch_lines", limits.MaxBatchLines), ("max_batch_bytes", limits.MaxBatchBytes),
        })
        {
            if (value is < 1)
            {
                _problems.Add($"{label}: limits.{name} must be at least 1 (leave it out when there is no limit)");
            }
        }

        return new TierLimits
        {
            RequestsPerMinute = limits.Rpm,
            TokensPerMinute = limits.Tpm,
            InputTokensPerMinute = limits.InputTpm,
            OutputTokensPerMinute = limits.OutputTpm,
            MaxBatchLines = limits.MaxBatchLines,
            MaxBatchBytes = limits.MaxBatchBytes,
        };
    }

    private CompletionTimes? ReadCompletion(PriceCatalogEntry entry, string label)
    {
        if (entry.Completion is not { } completion)
        {
            return null;
        }

        if (entry.Tier != BatchTier)
        {
            _problems.Add($"{label}: completion applies to the batch tier only; other tiers take their time from rpm/tpm");
            return null;
        }

        var p50 = Duration(completion.P50, label, "p50");
        var p95 = Duration(completion.P95, label, "p95");
        var max = Duration(completion.Max, label, "max");
        if (p50 is null || p95 is null || max is null)
        {
            return null;
        }

        if (p50 > p95 || p95 > max)
        {
            _problems.Add($"{label}: completion needs p50 <= p95 <= max");
            return null;
        }

        return new CompletionTimes(p50.Value, p95.Value, max.Value);
    }

    private TimeSpan? Duration(string? text, string label, string field)
    {
        if (CatalogDuration.TryParse(text, out var duration) && duration > TimeSpan.Zero)
        {
            return duration;
        }

        _problems.Add(text is null
            ? $"{label}: completion.{field} is required"
            : $"{label}: completion.{field} '{text}' is not {CatalogDuration.Expected}, above zero");
        return null;
    }

    private static string Where(string list, int index) => string.Create(CultureInfo.InvariantCulture, $"{list}[{index}]");

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;

    private static string[] Names(List<string>? names) =>
        names is null ? [] : [.. names.Where(n => !string.IsNullOrWhiteSpace(n)).Distinct(StringComparer.Ordinal)];
}
