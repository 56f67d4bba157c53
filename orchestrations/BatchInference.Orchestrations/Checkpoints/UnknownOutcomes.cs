using BatchInference.Ledger.Pricing;
using BatchInference.Ledger.Spend;
using BatchInference.Storage.Blobs;

namespace BatchInference.Orchestrations.Checkpoints;

/// <summary>
/// The calls of a shard whose answers a crash lost. A line's real-time call is journaled before it goes out (see
/// <see cref="SentJournal"/>) and, once answered, recorded in a checkpoint part; a resumed run re-sends only lines
/// without a record. So per line, the journal entries beyond its answered records (succeeded or failed; rejections do
/// not count, they were never sent) are calls that went out, or were about to, and whose outcome nobody saw. Each
/// becomes a ledger entry with <see cref="LedgerEntry.Outcome"/> <c>unknown</c>, zero cost and an upper-bound estimate.
/// </summary>
internal static class UnknownOutcomes
{
    /// <summary>Every journal entry of one shard (see <see cref="SentJournal.ReadAllAsync"/>), for <see cref="Find"/>.</summary>
    public static async Task<IReadOnlyList<SentLine>> ReadJournalAsync(IBlobStore blobs, string jobId, int shard, CancellationToken cancellationToken)
    {
        var sent = new List<SentLine>();
        await foreach (var line in SentJournal.ReadAllAsync(blobs, jobId, shard, cancellationToken).ConfigureAwait(false))
        {
            sent.Add(line);
        }

        return sent;
    }

    /// <summary>The unknown-outcome ledger entries of one shard, in sequence order, from its journal and its records.</summary>
    public static IReadOnlyList<LedgerEntry> Find(
        string jobId, IReadOnlyList<SentLine> sent, IReadOnlyList<PartRecord> records, IReadOnlyDictionary<string, string> tags, PriceCatalog catalog)
    {
        var answered = records.Where(r => r.Kind != ResultKind.Invalid).GroupBy(r => r.Sequence).ToDictionary(g => g.Key, g => g.Count());
        var entries = new List<LedgerEntry>();
        foreach (var calls in sent.GroupBy(s => s.Sequence).OrderBy(g => g.Key))
        {
            // The earliest entries are the lost ones: the last call of a line is the one its record answers.
            var ordered = calls.OrderBy(s => s.At).ToList();
            var lost = ordered.Count - answered.GetValueOrDefault(calls.Key);
            entries.AddRange(ordered.Take(Math.Max(0, lost)).Select(s => Entry(jobId, s, tags, catalog)));
        }

        return entries;
    }

    private static LedgerEntry Entry(string jobId, SentLine sent, IReadOnlyDictionary<string, string> tags, PriceCatalog catalog) =>
        new(jobId, sent.CustomId, sent.Line, Attempt: 1, sent.Provider, sent.Model, sent.Tier, ProviderRequestId: null,
            SkuId: $"{sent.Provider}/{sent.Model}/{sent.Tier}", 0, 0, 0, 0, ListCost: 0m, EffectiveCost: 0m, catalog.Currency, catalog.Version,
            StartedAt: sent.At, FinishedAt: sent.At, tags)
        {
            Outcome = LedgerEntry.UnknownOutcome,
            EstimatedMaxCost = sent.EstimatedMaxCost,
        };
}
