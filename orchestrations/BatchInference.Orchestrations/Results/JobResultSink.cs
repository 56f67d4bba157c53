using BatchInference.Jobs.Output;
using BatchInference.Ledger.Pricing;
using BatchInference.Ledger.Spend;
using BatchInference.Providers.Realtime;

namespace BatchInference.Orchestrations.Results;

/// <summary>
/// Receives line results in completion order from several threads and writes them in input order: successes to
/// <c>output.jsonl</c>, everything else to <c>errors.jsonl</c>, and one ledger line per paid attempt. Totals for the
/// summary and progress are kept here too, so they always agree with what was written.
/// </summary>
internal sealed class JobResultSink : IAsyncDisposable
{
    private const string Tier = "realtime";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ResultSequencer<LineResult> _sequencer = new();
    private readonly BatchOutputWriter _output;
    private readonly BatchOutputWriter _errors;
    private readonly Stream _ledger;
    private readonly PriceCatalog _catalog;
    private readonly string _jobId;
    private readonly string _provider;
    private readonly IReadOnlyDictionary<string, string> _tags;
    private readonly Lock _costLock = new();
    private decimal _costOnArrival;

    public JobResultSink(
        string jobId, string provider, IReadOnlyDictionary<string, string> tags, PriceCatalog catalog,
        Stream output, Stream errors, Stream ledger)
    {
        _jobId = jobId;
        _provider = provider;
        _tags = tags;
        _catalog = catalog;
        _ledger = ledger;
        _output = new BatchOutputWriter(output, jobId);
        _errors = new BatchOutputWriter(errors, jobId);
    }

    public JobTotals Totals { get; } = new();

    /// <summary>
    /// Spend of every answer received so far, counted on arrival — not when written, because answers that overtook a
    /// slower line wait unwritten while their slots already carry new requests. Read by the budget check.
    /// </summary>
    public decimal EffectiveCostSoFar
    {
        get
        {
            lock (_costLock)
            {
                return _costOnArrival;
            }
        }
    }

    public async Task<JobTotals> AcceptAsync(LineResult result, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (result is AnsweredLine answered)
            {
                var cost = answered.Outcome.Attempts.Where(a => a.Usage is not null).Sum(a => Price(answered, a.Usage!).Cost);
                lock (_costLock)
                {
                    _costOnArrival += cost;
                }
            }

            foreach (var ready in _sequencer.Add(result.Sequence, result))
            {
                await WriteAsync(ready, cancellationToken).ConfigureAwait(false);
            }

            return Totals;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (_sequencer.Held > 0)
        {
            throw new InvalidOperationException($"{_sequencer.Held} results are still waiting for line sequence {_sequencer.Next}.");
        }

        await _output.FlushAsync(cancellationToken).ConfigureAwait(false);
        await _errors.FlushAsync(cancellationToken).ConfigureAwait(false);
        await _ledger.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await _output.DisposeAsync().ConfigureAwait(false);
        await _errors.DisposeAsync().ConfigureAwait(false);
        _gate.Dispose();
    }

    private async Task WriteAsync(LineResult result, CancellationToken cancellationToken)
    {
        switch (result)
        {
            case RejectedLine rejected:
                Totals.Invalid++;
                await _errors.WriteErrorAsync(rejected.LineNumber, rejected.CustomId, rejected.Code, rejected.Message, cancellationToken)
                    .ConfigureAwait(false);
                break;
            case AnsweredLine answered:
                await WriteAnsweredAsync(answered, cancellationToken).ConfigureAwait(false);
                break;
            default:
                throw new InvalidOperationException($"Unknown result type {result.GetType().Name}.");
        }
    }

    private async Task WriteAnsweredAsync(AnsweredLine line, CancellationToken cancellationToken)
    {
        var outcome = line.Outcome;
        Totals.Attempts += outcome.Attempts.Count;
        foreach (var attempt in outcome.Attempts)
        {
            if (attempt.Usage is { } usage)
            {
                await RecordPaidAttemptAsync(line, attempt, usage, cancellationToken).ConfigureAwait(false);
            }
        }

        Totals.Models[line.Model] = Totals.Models.GetValueOrDefault(line.Model) + 1;
        Totals.Tiers[Tier] = Totals.Tiers.GetValueOrDefault(Tier) + 1;
        if (outcome.Succeeded)
        {
            Totals.Succeeded++;
            await _output.WriteResponseAsync(line.LineNumber, outcome.CustomId, outcome.StatusCode ?? 200, outcome.RequestId, outcome.ResponseBody, cancellationToken)
                .ConfigureAwait(false);
            return;
        }

        Totals.Failed++;
        if (outcome.StatusCode is { } status && BatchOutputWriter.CanWriteResponseBody(outcome.ResponseBody.Span))
        {
            // As OpenAI's batch error file does: the provider's own status and error body.
            await _errors.WriteResponseAsync(line.LineNumber, outcome.CustomId, status, outcome.RequestId, outcome.ResponseBody, cancellationToken)
                .ConfigureAwait(false);
        }
        else
        {
            await _errors.WriteErrorAsync(
                line.LineNumber, outcome.CustomId, outcome.ErrorCode ?? "request_failed", outcome.ErrorMessage ?? "The request failed.", cancellationToken)
                .ConfigureAwait(false);
        }
    }

    private async Task RecordPaidAttemptAsync(AnsweredLine line, AttemptRecord attempt, TokenUsage usage, CancellationToken cancellationToken)
    {
        var (price, tokens, cost) = Price(line, usage);
        var entry = new LedgerEntry(
            _jobId, line.Outcome.CustomId, line.LineNumber, attempt.Attempt, _provider, line.Model, Tier, attempt.RequestId,
            price.SkuId, tokens.Input, tokens.CachedInput, tokens.Output, tokens.Reasoning, ListCost: cost, EffectiveCost: cost,
            _catalog.Currency, _catalog.Version, attempt.StartedAt, attempt.FinishedAt, _tags);
        await _ledger.WriteAsync(LedgerJson.ToLine(entry), cancellationToken).ConfigureAwait(false);
        _ledger.WriteByte((byte)'\n');

        Totals.PaidAttempts++;
        Totals.InputTokens += tokens.Input;
        Totals.CachedInputTokens += tokens.CachedInput;
        Totals.OutputTokens += tokens.Output;
        Totals.ReasoningTokens += tokens.Reasoning;
        Totals.ListCost += entry.ListCost;
        Totals.EffectiveCost += entry.EffectiveCost;
        Totals.ChargeDates.Add(DateOnly.FromDateTime(attempt.FinishedAt.UtcDateTime));
    }

    private (ModelPrice Price, TokenCounts Tokens, decimal Cost) Price(AnsweredLine line, TokenUsage usage)
    {
        if (!_catalog.TryGetPrice(_provider, line.Model, Tier, out var price))
        {
            // Lines are only sent when the catalog prices them, so this means the catalog changed under a running job.
            throw new InvalidOperationException($"No {Tier} price for {_provider}/{line.Model}; cannot account for a paid attempt.");
        }

        var tokens = new TokenCounts(usage.InputTokens, usage.CachedInputTokens, usage.OutputTokens, usage.ReasoningTokens);
        return (price, tokens, CostCalculator.Cost(price, tokens));
    }
}
