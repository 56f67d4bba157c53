using System.Buffers;
using System.Text.Json;
using BatchInference.Jobs.Output;
using BatchInference.Ledger.Pricing;
using BatchInference.Ledger.Spend;
using BatchInference.Orchestrations.Results;
using BatchInference.Orchestrations.State;
using BatchInference.Providers.Realtime;

namespace BatchInference.Orchestrations.Checkpoints;

/// <summary>
/// Turns a line's final result into one checkpoint record: the exact <c>output.jsonl</c>/<c>errors.jsonl</c> line it
/// will be published as, plus one ledger entry per paid attempt. Everything the merge needs is in the record, so
/// merging never re-prices or re-decides anything. Not thread-safe: one per shard run, called under its lock.
/// </summary>
internal sealed class PartRecordBuilder
{
    private readonly MemoryStream _line = new();
    private readonly BatchOutputWriter _writer;
    private readonly ArrayBufferWriter<byte> _record = new(4096);
    private readonly Utf8JsonWriter _json;
    private readonly string _jobId;
    private readonly IReadOnlyDictionary<string, string> _tags;
    private readonly PriceCatalog _catalog;
    private readonly string? _realtimeReference;

    /// <param name="jobId">The job.</param>
    /// <param name="tags">The job's tags, carried into every ledger entry.</param>
    /// <param name="catalog">Prices.</param>
    /// <param name="realtimeReference">
    /// The provider whose real-time price a line is compared with when its own provider has none (a spot endpoint):
    /// the engine's default provider, so "savings against all real time" stays honest for spot work.
    /// </param>
    public PartRecordBuilder(string jobId, IReadOnlyDictionary<string, string> tags, PriceCatalog catalog, string? realtimeReference = null)
    {
        _jobId = jobId;
        _realtimeReference = realtimeReference;
        _tags = tags;
        _catalog = catalog;
        _writer = new BatchOutputWriter(_line, jobId);
        _json = new Utf8JsonWriter(_record);
    }

    /// <summary>
    /// Whether the job runs models the catalog cannot price (<c>unknown_model: run_unpriced</c>): their attempts are
    /// recorded as unpriced (cost 0, <see cref="LedgerEntry.Unpriced"/>) instead of being an error.
    /// </summary>
    public bool RunUnpriced { get; init; }

    /// <summary>The cost of a paid attempt at this builder's prices (for budget checks on arrival); 0 when unpriced.</summary>
    public decimal CostOf(AnsweredLine line) =>
        line.Outcome.Attempts.Where(a => a.Usage is not null).Sum(a => Price(line.Provider, line.Model, line.Tier, a.Usage!).Cost);

    /// <summary>Builds the record of <paramref name="result"/> as one JSONL line (with its '\n').</summary>
    public async Task<PartRecordInfo> BuildAsync(LineResult result, CancellationToken cancellationToken)
    {
        _line.SetLength(0);
        var ledger = new List<LedgerEntry>();
        ResultKind kind;
        string? model = null;
        var attempts = 0;
        switch (result)
        {
            case RejectedLine rejected:
                kind = ResultKind.Invalid;
                await _writer.WriteErrorAsync(rejected.LineNumber, rejected.CustomId, rejected.Code, rejected.Message, cancellationToken).ConfigureAwait(false);
                break;
            case AnsweredLine answered:
                model = answered.Model;
                attempts = answered.Outcome.Attempts.Count;
                kind = answered.Outcome.Succeeded ? ResultKind.Succeeded : ResultKind.Failed;
                ledger.AddRange(LedgerEntries(answered));
                await WriteAnsweredAsync(answered, cancellationToken).ConfigureAwait(false);
                break;
            case CachedLine cached:
                model = cached.Model;
                kind = ResultKind.Succeeded;
                ledger.Add(HitEntry(cached));
                await _writer.WriteResponseAsync(
                    cached.LineNumber, cached.CustomId!, cached.Entry.StatusCode, cached.Entry.RequestId, cached.Entry.Body,
                    new BatchOutputCacheHit(cached.Entry.SourceJob, cached.Entry.CachedAt), cancellationToken).ConfigureAwait(false);
                break;
            default:
                throw new InvalidOperationException($"Unknown result type {result.GetType().Name}.");
        }

        await _writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        var outLine = _line.GetBuffer().AsSpan(0, (int)_line.Length - 1); // without its '\n'

        _record.ResetWrittenCount();
        _json.Reset();
        _json.WriteStartObject();
        _json.WriteNumber(PartRecordFields.Sequence, result.Sequence);
        _json.WriteNumber(PartRecordFields.Line, result.LineNumber);
        _json.WriteString(PartRecordFields.CustomId, result.CustomId);
        _json.WriteString(PartRecordFields.Model, model);
        _json.WriteString(PartRecordFields.Kind, PartRecordFields.KindName(kind));
        _json.WriteNumber(PartRecordFields.Attempts, attempts);
        _json.WritePropertyName(PartRecordFields.Out);
        _json.WriteRawValue(outLine, skipInputValidation: true);
        _json.WriteStartArray(PartRecordFields.Ledger);
        foreach (var entry in ledger)
        {
            _json.WriteRawValue(LedgerJson.ToLine(entry), skipInputValidation: true);
        }

        _json.WriteEndArray();
        _json.WriteEndObject();
        _json.Flush();
        _record.Write("\n"u8);
        // A result-cache hit's entry is no paid attempt.
        return new PartRecordInfo(result.Sequence, kind, ledger.Count(e => !e.ResultCacheHit), ledger.Sum(e => e.EffectiveCost), _record.WrittenMemory.ToArray());
    }

    private async Task WriteAnsweredAsync(AnsweredLine line, CancellationToken cancellationToken)
    {
        var outcome = line.Outcome;
        if (outcome.Succeeded)
        {
            await _writer.WriteResponseAsync(line.LineNumber, outcome.CustomId, outcome.StatusCode ?? 200, outcome.RequestId, outcome.ResponseBody, cancellationToken)
                .ConfigureAwait(false);
        }
        else if (outcome.StatusCode is { } status && outcome.ErrorCode != RealtimeErrorCodes.DeadlineExceeded
            && BatchOutputWriter.CanWriteResponseBody(outcome.ResponseBody.Span))
        {
            // As OpenAI's batch error file does: the provider's own status and error body.
            await _writer.WriteResponseAsync(line.LineNumber, outcome.CustomId, status, outcome.RequestId, outcome.ResponseBody, cancellationToken)
                .ConfigureAwait(false);
        }
        else
        {
            // Also a line the deadline ended during an outage: its last 5xx is the provider's trouble, not its answer, and
            // the message names it.
            await _writer.WriteErrorAsync(
                line.LineNumber, outcome.CustomId, outcome.ErrorCode ?? "request_failed", outcome.ErrorMessage ?? "The request failed.", cancellationToken)
                .ConfigureAwait(false);
        }
    }

    private IEnumerable<LedgerEntry> LedgerEntries(AnsweredLine line)
    {
        foreach (var attempt in line.Outcome.Attempts)
        {
            if (attempt.Usage is not { } usage)
            {
                continue;
            }

            var (price, tokens, cost) = Price(line.Provider, line.Model, line.Tier, usage);
            yield return new LedgerEntry(
                _jobId, line.Outcome.CustomId, line.LineNumber, attempt.Attempt, line.Provider, line.Model, line.Tier, attempt.RequestId,
                price?.SkuId ?? $"{line.Provider}/{line.Model}/{line.Tier}", tokens.Input, tokens.CachedInput, tokens.Output, tokens.Reasoning,
                ListCost: cost, EffectiveCost: cost, _catalog.Currency, _catalog.Version, attempt.StartedAt, attempt.FinishedAt, _tags)
            {
                // What the same tokens would have cost in real time: the report's savings column.
                RealtimeListCost = line.Tier == Tiers.Realtime || price is null ? cost : RealtimeCost(line.Provider, line.Model, tokens),
                CacheWriteTokens = tokens.CacheWrite,
                PricedAs = price is not null && price.Model != line.Model ? price.Model : null,
                Unpriced = price is null,
                PromptCacheSavings = price is null ? null : CostCalculator.PromptCacheSavings(price, tokens),
            };
        }
    }

    // A hit costs nothing and is no attempt (Attempt 0, tier result_cache); what it avoided is the real-time list cost of
    // the stored answer's tokens.
    private LedgerEntry HitEntry(CachedLine line)
    {
        var entry = line.Entry;
        var usage = TokenUsageParser.Parse(entry.Body);
        var avoided = usage is null
            ? 0m
            : RealtimeCost(entry.Provider, line.Model, new TokenCounts(usage.InputTokens, usage.CachedInputTokens, usage.OutputTokens, usage.ReasoningTokens)
            {
                CacheWrite = usage.CacheWriteTokens,
            }) ?? 0m;
        return new LedgerEntry(
            _jobId, line.CustomId!, line.LineNumber, 0, entry.Provider, line.Model, Tiers.ResultCache, ProviderRequestId: null,
            $"{entry.Provider}/{line.Model}/{Tiers.ResultCache}", 0, 0, 0, 0, ListCost: 0m, EffectiveCost: 0m, _catalog.Currency, _catalog.Version,
            line.HitAt, line.HitAt, _tags)
        {
            RealtimeListCost = 0m,
            ResultCacheHit = true,
            AvoidedCost = avoided,
        };
    }

    private decimal? RealtimeCost(string provider, string model, TokenCounts tokens) =>
        _catalog.TryGetPrice(provider, model, Tiers.Realtime, out var realtime)
        || (_realtimeReference is not null && _catalog.TryGetPrice(_realtimeReference, model, Tiers.Realtime, out realtime))
            ? CostCalculator.Cost(realtime, tokens)
            : null;

    // A null price is an unpriced attempt of a job that allows them: its cost is unknown and recorded as 0.
    private (ModelPrice? Price, TokenCounts Tokens, decimal Cost) Price(string provider, string model, string tier, TokenUsage usage)
    {
        var tokens = new TokenCounts(usage.InputTokens, usage.CachedInputTokens, usage.OutputTokens, usage.ReasoningTokens) { CacheWrite = usage.CacheWriteTokens };
        if (!_catalog.TryGetPrice(provider, model, tier, out var price))
        {
            // Lines are only sent when the catalog prices them, unless the job runs unknown models unpriced; otherwise
            // this means the catalog changed under a running job.
            return RunUnpriced && !_catalog.KnowsModel(model)
                ? (null, tokens, 0m)
                : throw new InvalidOperationException($"No {tier} price for {provider}/{model}; cannot account for a paid attempt.");
        }

        return (price, tokens, CostCalculator.Cost(price, tokens));
    }
}
