using System.Text.Json;

namespace BatchInference.Ledger.Pricing.LiteLlm;

/// <summary>
/// Maps a LiteLLM price list onto catalog entries: each OpenAI, Azure OpenAI and Anthropic chat, completion, responses or
/// embedding entry becomes a realtime and a batch entry (and a flex one where the list prices flex), with the limits and
/// completion times the format cannot carry taken from <see cref="BuiltInDefaults"/>. Errors (a price that is not a
/// non-negative number) are collected with the entry's key; everything skipped or defaulted becomes a warning.
/// </summary>
internal sealed class LiteLlmCatalogReader(BuiltInDefaults defaults)
{
    private const decimal DefaultBatchDiscount = 0.5m;

    private static readonly HashSet<string> Modes = new(StringComparer.Ordinal) { "chat", "completion", "responses", "embedding" };

    private readonly List<string> _problems = [];
    private readonly NameTally _skipped = new();
    private readonly NameTally _defaulted = new();
    private readonly NameTally _unmappedFields = new();

    public IReadOnlyList<string> Problems => _problems;

    public List<string> Warnings() => [.. _skipped.CountedLines(), .. _defaulted.Lines(), .. _unmappedFields.CountedLines()];

    public List<TierOffer> Read(JsonElement root)
    {
        var chosen = new Dictionary<(string Provider, string Model), Candidate>();
        foreach (var property in root.EnumerateObject().Where(p => p.Name != "sample_spec"))
        {
            if (property.Value.ValueKind != JsonValueKind.Object)
            {
                _problems.Add($"'{property.Name}': an entry must be an object");
            }
            else if (Accept(LiteLlmEntry.Parse(property.Name, property.Value)) is { } candidate)
            {
                Choose(chosen, candidate);
            }
        }

        var offers = chosen.Values.SelectMany(Offers).ToList();
        if (offers.Count == 0 && _problems.Count == 0)
        {
            _problems.Add("no OpenAI, Azure OpenAI or Anthropic chat, completion, responses or embedding entry with an input_cost_per_token");
        }

        return offers;
    }

    private Candidate? Accept(LiteLlmEntry entry)
    {
        var provider = CatalogProvider(entry.Provider);
        if (provider is null)
        {
            _skipped.Add("entries of providers the catalog does not price, skipped", entry.Provider ?? "(no litellm_provider)");
            return null;
        }

        if (entry.Mode is null || !Modes.Contains(entry.Mode))
        {
            _skipped.Add("entries of modes the catalog does not price, skipped", entry.Mode ?? "(no mode)");
            return null;
        }

        if (entry.Invalid.Count > 0)
        {
            _problems.Add($"'{entry.Key}': {string.Join(", ", entry.Invalid)} must be a number >= 0");
            return null;
        }

        if (entry.PerMillion(LiteLlmEntry.Input) is null)
        {
            _defaulted.Add("entries with no input_cost_per_token, skipped", entry.Key);
            return null;
        }

        if (!LiteLlmModelName.TryRead(entry.Key, entry.Provider!, out var model, out var region, out var rank))
        {
            _defaulted.Add("Azure data-zone and regional entries, skipped (the catalog keeps the Global price; put others in a native catalog with 'region')", entry.Key);
            return null;
        }

        foreach (var field in entry.Unmapped)
        {
            _unmappedFields.Add(
                field.Contains("cost", StringComparison.Ordinal) ? "price fields not modelled (ignored)" : "fields with no place in the catalog (ignored)",
                field.StartsWith("supports_", StringComparison.Ordinal) ? "supports_*" : field);
        }

        return new Candidate(entry, provider, model, region, rank);
    }

    private void Choose(Dictionary<(string Provider, string Model), Candidate> chosen, Candidate candidate)
    {
        var id = (candidate.Provider, candidate.Model);
        if (!chosen.TryGetValue(id, out var kept))
        {
            chosen.Add(id, candidate);
            return;
        }

        var (winner, loser) = candidate.Rank < kept.Rank ? (candidate, kept) : (kept, candidate);
        chosen[id] = winner;
        _defaulted.Add("entries naming a model already read, skipped", $"{loser.Entry.Key} (kept {winner.Entry.Key})");
    }

    private IEnumerable<TierOffer> Offers(Candidate c)
    {
        var e = c.Entry;
        var input = e.PerMillion(LiteLlmEntry.Input)!.Value;
        var output = e.PerMillion(LiteLlmEntry.Output) ?? Default(0m, e, "output priced at 0 (no output_cost_per_token)");
        var cached = e.PerMillion(LiteLlmEntry.CacheRead) ?? Default(input, e, "cached input priced as input (no cache_read_input_token_cost)");
        var write = e.PerMillion(LiteLlmEntry.CacheWrite)
            ?? (c.Provider == "anthropic" ? Default(PerTokenPrice.Normalize(input * 1.25m), e, "Anthropic cache writes at 1.25x input (no cache_creation_input_token_cost)") : null);
        var realtimeLimits = e.RequestsPerMinute is not null || e.TokensPerMinute is not null
            ? new TierLimits { RequestsPerMinute = e.RequestsPerMinute, TokensPerMinute = e.TokensPerMinute }
            : Limits(c, "realtime", "realtime rate limits");
        yield return Offer(c, "realtime", input, cached, write, output, realtimeLimits, null);

        var batchInput = e.PerMillion(LiteLlmEntry.BatchInput);
        var batchOutput = e.PerMillion(LiteLlmEntry.BatchOutput);
        if (batchInput is null || batchOutput is null)
        {
            _defaulted.Add("batch tier at the default 50 % batch discount (no input_cost_per_token_batches/output_cost_per_token_batches)", e.Key);
        }

        var batchRatio = input > 0 && batchInput is { } bi ? bi / input : DefaultBatchDiscount;
        var (batchLimits, completion) = BatchDefaults(c);
        yield return Offer(
            c, "batch", batchInput ?? Scale(input, DefaultBatchDiscount), Scale(cached, batchRatio), write is { } w ? Scale(w, batchRatio) : null,
            batchOutput ?? Scale(output, DefaultBatchDiscount), batchLimits, completion);

        if (c.Provider == "openai" && e.PerMillion(LiteLlmEntry.FlexInput) is { } flexInput)
        {
            var flexRatio = input > 0 ? flexInput / input : DefaultBatchDiscount;
            yield return Offer(
                c, "flex", flexInput, e.PerMillion(LiteLlmEntry.FlexCacheRead) ?? Scale(cached, flexRatio), write is { } fw ? Scale(fw, flexRatio) : null,
                e.PerMillion(LiteLlmEntry.FlexOutput) ?? Scale(output, flexRatio), realtimeLimits, null);
        }
    }

    private static TierOffer Offer(Candidate c, string tier, decimal input, decimal cached, decimal? write, decimal output, TierLimits limits, CompletionTimes? completion) =>
        new(new ModelPrice(c.Provider, c.Model, tier, input, cached, output) { CacheWritePerMillion = write }, limits, completion, c.Region, null);

    private TierLimits Limits(Candidate c, string tier, string what)
    {
        var (limits, _, source) = defaults.For(c.Provider, c.Model, tier);
        _defaulted.Add($"{what} from {source}", c.Entry.Key);
        return limits;
    }

    private (TierLimits Limits, CompletionTimes? Completion) BatchDefaults(Candidate c)
    {
        var (limits, completion, source) = defaults.For(c.Provider, c.Model, "batch");
        _defaulted.Add($"batch size limits and completion times from {source}", c.Entry.Key);
        return (limits, completion);
    }

    private decimal Default(decimal value, LiteLlmEntry entry, string heading)
    {
        // An embedding has no output and no prompt cache: pricing both as the catalog does for embeddings is no guess.
        if (entry.Mode != "embedding")
        {
            _defaulted.Add(heading, entry.Key);
        }

        return value;
    }

    private static decimal Scale(decimal price, decimal ratio) => PerTokenPrice.Normalize(decimal.Round(price * ratio, 8, MidpointRounding.ToEven));

    private static string? CatalogProvider(string? litellmProvider) => litellmProvider switch
    {
        "openai" or "text-completion-openai" => "openai",
        "azure" or "azure_text" => "azure-openai",
        "anthropic" => "anthropic",
        _ => null,
    };

    private sealed record Candidate(LiteLlmEntry Entry, string Provider, string Model, string? Region, int Rank);
}
