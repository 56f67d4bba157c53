using System.Text.Json.Serialization;

namespace BatchInference.Ledger.Spend;

/// <summary>
/// One paid attempt: the source of truth for cost. Keyed by (<see cref="JobId"/>, <see cref="CustomId"/>,
/// <see cref="Attempt"/>, <see cref="ProviderRequestId"/>); reports are derived from these lines, never the reverse.
/// </summary>
/// <param name="JobId">Job the request belongs to.</param>
/// <param name="CustomId">The request's <c>custom_id</c> from the input file.</param>
/// <param name="Line">1-based line number of the request in the input file.</param>
/// <param name="Attempt">1-based attempt number; only attempts the provider charged for appear.</param>
/// <param name="Provider">Provider that served the attempt.</param>
/// <param name="Model">Model requested in <c>body.model</c>.</param>
/// <param name="Tier">Execution tier (<c>realtime</c>, <c>batch</c>, <c>flex</c>, <c>spot</c>).</param>
/// <param name="ProviderRequestId">The provider's request id (<c>x-request-id</c>) or batch id.</param>
/// <param name="SkuId">Price entry used: <c>provider/model/tier</c>.</param>
/// <param name="InputTokens">Input tokens, cached included.</param>
/// <param name="CachedInputTokens">Cached input tokens.</param>
/// <param name="OutputTokens">Output tokens, reasoning included.</param>
/// <param name="ReasoningTokens">Reasoning tokens.</param>
/// <param name="ListCost">
/// What the attempt costs at the list price of its tier's SKU price (a provider's published batch price is a list price of
/// its own); see <see cref="RealtimeListCost"/> for the real-time price.
/// </param>
/// <param name="EffectiveCost">What the attempt cost at its tier's price.</param>
/// <param name="Currency">ISO 4217 currency.</param>
/// <param name="PriceVersion">Version of the price catalog used.</param>
/// <param name="StartedAt">When the attempt was sent.</param>
/// <param name="FinishedAt">When its answer arrived.</param>
/// <param name="Tags">Job tags (team, project…), carried into FOCUS Tags.</param>
public sealed record LedgerEntry(
    string JobId,
    string CustomId,
    long Line,
    int Attempt,
    string Provider,
    string Model,
    string Tier,
    string? ProviderRequestId,
    string SkuId,
    long InputTokens,
    long CachedInputTokens,
    long OutputTokens,
    long ReasoningTokens,
    decimal ListCost,
    decimal EffectiveCost,
    string Currency,
    string PriceVersion,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt,
    IReadOnlyDictionary<string, string> Tags)
{
    /// <summary>
    /// Input tokens written to the provider's prompt cache (Anthropic <c>cache_creation_input_tokens</c>); part of
    /// <see cref="InputTokens"/>, reported on their own because some providers bill them at a higher rate. 0 when
    /// the provider reports none or the line predates this field.
    /// </summary>
    public long CacheWriteTokens { get; init; }

    /// <summary>
    /// What the attempt would have cost at the real-time list price; null means the same as <see cref="ListCost"/> (a
    /// real-time attempt, or a line that predates this field). The spend report's <c>x_Savings</c> is measured from it.
    /// </summary>
    public decimal? RealtimeListCost { get; init; }

    /// <summary>
    /// The provider region that served the attempt (e.g. an Azure region), when known; becomes FOCUS RegionId.
    /// Null for global endpoints and lines that predate this field.
    /// </summary>
    public string? Region { get; init; }

    /// <summary>
    /// The catalog entry the attempt was priced as, when it is not <see cref="Model"/> itself: the base model of a
    /// snapshot or alias (<c>gpt-4o</c> for <c>gpt-4o-2024-08-06</c>). Null when the model has its own entry, when the
    /// attempt is <see cref="Unpriced"/>, and on lines that predate this field.
    /// </summary>
    public string? PricedAs { get; init; }

    /// <summary>
    /// True when the catalog had no price for the model and the job ran it anyway (<c>unknown_model: run_unpriced</c>):
    /// the costs are 0 because they are unknown, not because the attempt was free, and budgets do not count it.
    /// </summary>
    public bool Unpriced { get; init; }

    /// <summary>
    /// Null for an attempt whose answer arrived (the provider charged the tokens and cost above).
    /// <see cref="UnknownOutcome"/> for a call a crash lost: the engine had recorded it as sent before it went out, but
    /// its answer never arrived. The provider may or may not have charged it (at most once); its tokens and costs are 0
    /// here, and <see cref="EstimatedMaxCost"/> bounds what it can have cost. Reconciliation counts these apart.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] // answered lines keep the format they always had
    public string? Outcome { get; init; }

    /// <summary>
    /// For an <see cref="UnknownOutcome"/> entry: the most the call can have cost (input estimated high from the body's
    /// size, output at the request's limit, at its tier's price); null for every other entry.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public decimal? EstimatedMaxCost { get; init; }

    /// <summary>
    /// True for a line answered from the exact result cache (<c>result_cache</c>): no call was made, so its tokens and
    /// costs are 0 and <see cref="Attempt"/> is 0; <see cref="AvoidedCost"/> is what the call would have cost.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool ResultCacheHit { get; init; }

    /// <summary>
    /// For a <see cref="ResultCacheHit"/>: the real-time list cost of the cached answer's tokens, the call the cache
    /// saved; null for every other entry.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public decimal? AvoidedCost { get; init; }

    /// <summary>
    /// What the provider's prompt cache saved on this attempt at its tier's price: cached input tokens × (input −
    /// cached input price), less cache-write tokens × (cache-write − input price) where writes cost more. Null when
    /// unpriced and on lines that predate this field.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public decimal? PromptCacheSavings { get; init; }

    /// <summary>The <see cref="Outcome"/> of a call sent but never answered (its worker died).</summary>
    public const string UnknownOutcome = "unknown";

    /// <summary>True for an entry whose call's outcome is unknown (see <see cref="Outcome"/>).</summary>
    [JsonIgnore]
    public bool IsUnknownOutcome => string.Equals(Outcome, UnknownOutcome, StringComparison.Ordinal);
}
