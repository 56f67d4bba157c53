using System.Globalization;
using System.Text.Json;
using BatchInference.Ledger.Focus;
using BatchInference.Ledger.Columnar;

namespace BatchInference.Ledger.Spend;

/// <summary>
/// Maps one ledger entry to one row of <see cref="SpendReportSchema"/>. One row is one paid attempt priced as a whole:
/// its input, cached input and output meters have different per-token rates, so no single per-token unit price times
/// a token count equals its cost. The row therefore uses PricingQuantity 1 in PricingUnit "Requests" with the
/// attempt's own cost as unit price, which keeps the spec's "product of unit price and PricingQuantity MUST match the
/// cost" exact; the tokens it consumed are ConsumedQuantity in "Tokens", and each token kind is an <c>x_</c> column.
/// </summary>
internal static class SpendReportRow
{
    /// <summary>Writes the entry's values in schema order; the caller ends the row.</summary>
    public static void Write(ParquetRowWriter writer, LedgerEntry e)
    {
        var parties = FocusParties.For(e.Provider);
        var charged = e.FinishedAt.ToUniversalTime();
        var billingStart = new DateTimeOffset(charged.Year, charged.Month, 1, 0, 0, 0, TimeSpan.Zero);

        // A charge period's end is exclusive and must follow its start even for an answer within the same millisecond,
        // the resolution the report's timestamps keep.
        var chargeStart = TruncateToMillisecond(e.StartedAt);
        var chargeEnd = TruncateToMillisecond(e.FinishedAt) > chargeStart ? e.FinishedAt : chargeStart.AddMilliseconds(1);

        // No negotiated rate or commitment is known: what the tier's price says is what is contracted, billed and
        // effective, while ListCost is the published price of the same SKU price.
        var contracted = e.EffectiveCost;
        var realtimeList = RealtimeList(e);
        var c = 0;
        writer.WriteDecimal(c++, e.EffectiveCost);                  // BilledCost
        writer.WriteString(c++, parties.BillingAccountId);          // BillingAccountId
        writer.WriteString(c++, null);                              // BillingAccountName: not known to the pipeline
        writer.WriteString(c++, e.Currency);                        // BillingCurrency
        writer.WriteTimestamp(c++, billingStart.AddMonths(1));      // BillingPeriodEnd
        writer.WriteTimestamp(c++, billingStart);                   // BillingPeriodStart
        writer.WriteString(c++, FocusValues.UsageCategory);         // ChargeCategory
        writer.WriteString(c++, null);                              // ChargeClass: never a correction
        writer.WriteString(c++, Description(e));                    // ChargeDescription
        writer.WriteString(c++, FocusValues.UsageBasedFrequency);   // ChargeFrequency
        writer.WriteTimestamp(c++, chargeEnd);                      // ChargePeriodEnd
        writer.WriteTimestamp(c++, chargeStart);                    // ChargePeriodStart
        for (var i = 0; i < 7; i++)
        {
            writer.WriteNull(c++);                                  // CommitmentDiscount*: no commitment
        }

        writer.WriteDecimal(c++, ConsumedQuantity(e));              // ConsumedQuantity
        writer.WriteString(c++, FocusValues.Tokens);                // ConsumedUnit
        writer.WriteDecimal(c++, contracted);                       // ContractedCost
        writer.WriteDecimal(c++, contracted);                       // ContractedUnitPrice (× 1 request)
        writer.WriteDecimal(c++, e.EffectiveCost);                  // EffectiveCost
        writer.WriteString(c++, parties.InvoiceIssuerName);         // InvoiceIssuerName
        writer.WriteDecimal(c++, e.ListCost);                       // ListCost
        writer.WriteDecimal(c++, e.ListCost);                       // ListUnitPrice (× 1 request)
        writer.WriteString(c++, FocusValues.PricingCategory(e.Tier)); // PricingCategory
        writer.WriteDecimal(c++, 1m);                               // PricingQuantity
        writer.WriteString(c++, FocusValues.Requests);              // PricingUnit
        writer.WriteString(c++, parties.ProviderName);              // ProviderName
        writer.WriteString(c++, parties.PublisherName);             // PublisherName
        writer.WriteString(c++, e.Region);                          // RegionId
        writer.WriteString(c++, e.Region);                          // RegionName: the id; no display-name table
        writer.WriteString(c++, FocusValues.AiAndMachineLearning);  // ServiceCategory
        writer.WriteString(c++, parties.ServiceName);               // ServiceName
        writer.WriteString(c++, FocusValues.GenerativeAi);          // ServiceSubcategory
        writer.WriteString(c++, e.Provider + "/" + e.Model);        // SkuId: the model, whatever the tier
        writer.WriteString(c++, FocusValues.Tokens);                // SkuMeter
        writer.WriteString(c++, null);                              // SkuPriceDetails
        writer.WriteString(c++, e.SkuId);                           // SkuPriceId: provider/model/tier price entry
        writer.WriteString(c++, null);                              // SubAccountId: not known to the pipeline
        writer.WriteString(c++, null);                              // SubAccountName
        writer.WriteString(c++, TagsJson(e.Tags));                  // Tags
        writer.WriteString(c++, e.JobId);
        writer.WriteString(c++, e.CustomId);
        writer.WriteInt64(c++, e.Line);
        writer.WriteInt32(c++, e.Attempt);
        writer.WriteString(c++, e.Provider);
        writer.WriteString(c++, e.Model);
        writer.WriteString(c++, e.Tier);
        writer.WriteString(c++, e.ProviderRequestId);
        writer.WriteInt64(c++, e.InputTokens);
        writer.WriteInt64(c++, e.CachedInputTokens);
        writer.WriteInt64(c++, e.CacheWriteTokens);
        writer.WriteInt64(c++, e.OutputTokens);
        writer.WriteInt64(c++, e.ReasoningTokens);
        writer.WriteDecimal(c++, realtimeList);                     // x_ListCostRealtime
        writer.WriteDecimal(c++, Savings(e));                       // x_Savings: against running it all real-time
        writer.WriteString(c++, e.PriceVersion);
        writer.WriteString(c++, e.Unpriced ? null : e.PricedAs ?? e.Model); // x_PricedAs: the catalog entry used
        writer.WriteBoolean(c++, e.Unpriced);                        // x_Unpriced: costs unknown, written as 0
        writer.WriteBoolean(c++, e.ResultCacheHit);                  // x_ResultCacheHit: answered from the result cache, no call
        writer.WriteDecimal(c++, e.AvoidedCost ?? 0m);               // x_AvoidedCost: real-time list cost of the call a hit avoided
        writer.WriteDecimal(c, e.PromptCacheSavings ?? 0m);          // x_PromptCacheSavings: what the provider's prompt cache saved
    }

    /// <summary>
    /// Whether a decimal value <see cref="Write"/> writes for the entry does not fit the narrow money type (see
    /// <see cref="MoneyWidth"/>): an amount of $1,000,000 or more, or 10^18 tokens.
    /// </summary>
    public static bool NeedsWideMoney(LedgerEntry e) =>
        !(MoneyWidth.FitsNarrow(e.EffectiveCost, FocusColumns.MoneyScale)
            && MoneyWidth.FitsNarrow(e.ListCost, FocusColumns.MoneyScale)
            && MoneyWidth.FitsNarrow(RealtimeList(e), FocusColumns.MoneyScale)
            && MoneyWidth.FitsNarrow(Savings(e), FocusColumns.MoneyScale)
            && MoneyWidth.FitsNarrow(e.AvoidedCost ?? 0m, FocusColumns.MoneyScale)
            && MoneyWidth.FitsNarrow(e.PromptCacheSavings ?? 0m, FocusColumns.MoneyScale)
            && MoneyWidth.FitsNarrow(ConsumedQuantity(e), 0));

    private static decimal RealtimeList(LedgerEntry e) => e.RealtimeListCost ?? e.ListCost;

    private static decimal Savings(LedgerEntry e) => RealtimeList(e) - e.EffectiveCost;

    private static decimal ConsumedQuantity(LedgerEntry e) => (decimal)e.InputTokens + e.OutputTokens;

    private static DateTimeOffset TruncateToMillisecond(DateTimeOffset value) =>
        value.AddTicks(-(value.UtcTicks % TimeSpan.TicksPerMillisecond));

    private static string Description(LedgerEntry e) => string.Create(
        CultureInfo.InvariantCulture,
        $"{e.Model} {e.Tier}{(e.Unpriced ? " (unpriced: the catalog has no price for this model)" : string.Empty)}: {e.InputTokens} input ({e.CachedInputTokens} cached, {e.CacheWriteTokens} cache write), {e.OutputTokens} output tokens");

    // Keys sorted so equal tags give equal bytes whatever order the dictionary holds them in; no tags is null.
    private static string? TagsJson(IReadOnlyDictionary<string, string> tags)
    {
        if (tags.Count == 0)
        {
            return null;
        }

        var sorted = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in tags)
        {
            sorted[key] = value;
        }

        return JsonSerializer.Serialize(sorted, LedgerJsonContext.Default.SortedDictionaryStringString);
    }
}
