using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using BatchInference.Jobs.Intake;
using BatchInference.Jobs.Sharding;
using BatchInference.Ledger.Pricing;
using BatchInference.Orchestrations.Budgets;
using BatchInference.Orchestrations.Checkpoints;
using BatchInference.Orchestrations.Decisions;
using BatchInference.Orchestrations.Engine;
using BatchInference.Orchestrations.Jobs;
using BatchInference.Orchestrations.Layout;
using BatchInference.Orchestrations.PromptCaching;
using BatchInference.Orchestrations.Results;
using BatchInference.Orchestrations.Routing;
using BatchInference.Orchestrations.State;
using BatchInference.Orchestrations.Telemetry;
using BatchInference.Providers.Realtime;

namespace BatchInference.Orchestrations.Steps;

/// <summary>
/// One run of one shard under its lease: skips lines already in checkpoints, sends the rest in real time and writes
/// results as checkpoint parts. A line holds a slot of the run's in-flight window from the moment it is sent until a
/// part holding its result is written, so a crash re-sends at most <see cref="EngineOptions.InFlightLimit"/> lines of
/// this shard. Parts are written every <see cref="EngineOptions.CheckpointLines"/> results (at most the window, so the
/// window always drains) and at least every <see cref="EngineOptions.CheckpointInterval"/>. Requests go out in groups
/// recorded first in the <see cref="SentJournal"/>, so the calls a crash re-sends are booked as unknown outcomes.
/// Given a <see cref="ShardSliceLimits"/>, the run stops taking new lines once the slice is full and returns
/// <see cref="ShardRunEnd.SliceFull"/> with everything it sent checkpointed: the next slice resumes from there.
/// </summary>
internal sealed class ShardRun
{
    private readonly EngineContext _context;
    private readonly JobState _job;
    private readonly ShardState _shard;
    private readonly LineRouter _router;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly SemaphoreSlim _window;
    private readonly BudgetGuard _budget;
    private readonly ConcurrentDictionary<string, decimal> _estimates = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ModelPrice> _unpricedAt = new(StringComparer.Ordinal); // lines budgets count at an estimate
    private readonly PartRecordBuilder _records;
    private readonly SentJournal _journal;
    private readonly Activity? _span = Activity.Current; // the slice activity's span: result callbacks may run on other flows
    private ShardCheckpoint _checkpoint = null!;
    private DateTimeOffset _lastFlush;
    private readonly ShardSliceLimits? _slice;
    private volatile bool _stopRequested;
    private BudgetLimit? _budgetExceeded;
    private bool _sliceFull;
    private CacheHintPlan? _hints;

    public ShardRun(EngineContext context, JobState job, ShardState shard, LineRouter router, ShardSliceLimits? slice = null)
    {
        _slice = slice;
        _context = context;
        _job = job;
        _shard = shard;
        _router = router;
        _window = new SemaphoreSlim(context.Options.InFlightLimit, context.Options.InFlightLimit);
        _budget = new BudgetGuard(context, BudgetLimits.For(job, context.Options, context.Now), Math.Min(32, context.Options.InFlightLimit));
        _records = new PartRecordBuilder(job.JobId, job.Tags, context.Catalog, context.Options.Provider) { RunUnpriced = job.RunUnpriced };
        _journal = new SentJournal(context.Blobs, job.JobId, shard.Index, Math.Min(context.Options.CheckpointLines, router.MaxConcurrency));
        _stopRequested = job.StopRequested;
    }

    /// <summary>Runs the shard to its end, or to the end of its slice; says which, or that it stopped early because the
    /// job is cancelled or failing.</summary>
    public async Task<ShardRunEnd> RunAsync(CancellationToken cancellationToken)
    {
        var (nextPart, done) = await ShardResume.LoadAsync(_context.Blobs, _job.JobId, _shard.Index, cancellationToken).ConfigureAwait(false);
        _checkpoint = new ShardCheckpoint(_context.Blobs, _job.JobId, _shard.Index, nextPart);
        _lastFlush = _context.Now;
        await RefreshJobAsync(cancellationToken).ConfigureAwait(false);
        Log.ShardStarted(_context.Logger, _job.JobId, _shard.Index, _shard.Runs, done.Count, _shard.LineCount);

        var stoppedEarly = false;
        using var stopFlushing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var periodic = FlushPeriodicallyAsync(stopFlushing.Token);
        try
        {
            await RunLinesAsync(done, () => stoppedEarly = true, cancellationToken).ConfigureAwait(false);
            await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await FlushAsync(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _gate.Release();
            }
        }
        finally
        {
            await stopFlushing.CancelAsync().ConfigureAwait(false);
            await periodic.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await ReleaseBudgetAsync().ConfigureAwait(false);
        }

        Log.ShardFinished(_context.Logger, _job.JobId, _shard.Index, _checkpoint.Written.Lines, stoppedEarly);
        return stoppedEarly ? ShardRunEnd.Stopped : _sliceFull ? ShardRunEnd.SliceFull : ShardRunEnd.Finished;
    }

    private async Task RunLinesAsync(HashSet<long> done, Action stopped, CancellationToken cancellationToken)
    {
        // With cache hints the shard is read whole to order it; otherwise it streams from the blob as before.
        _hints = await ShardCacheHints.PlanAsync(_context, _job, _shard, lines: null, cancellationToken).ConfigureAwait(false);
        var download = await _context.Blobs.DownloadAsync(
            StorageLayout.WorkContainer, StorageLayout.ShardInput(_job.JobId, _shard.Index), cancellationToken: cancellationToken).ConfigureAwait(false);
        await using (download.ConfigureAwait(false))
        {
            var inFlight = new InFlightLines();
            var lines = _hints is null ? ShardEnvelopeReader.ReadAsync(download.Content, cancellationToken) : _hints.Order.ToAsyncEnumerable();
            var requests = RequestsAsync(lines, done, inFlight, stopped, cancellationToken);
            await new RealtimeExecutor(_router.SendAsync, _router.MaxConcurrency).RunAsync(
                requests,
                async (outcome, ct) =>
                {
                    var (sequence, line, model) = inFlight.Complete(outcome.CustomId);
                    var route = _router.TakeRoute(outcome.CustomId);
                    await AddAsync(new AnsweredLine(sequence, line, model, outcome, route.Provider, route.Tier), sent: true, ct).ConfigureAwait(false);
                },
                cancellationToken).ConfigureAwait(false);
        }
    }

    // Unspent reservations go back even when the run failed: that money was not spent. Estimates of lines still in
    // flight when a run fails stay reserved (their cost is unknown), which keeps the cap on the safe side.
    private async Task ReleaseBudgetAsync()
    {
        try
        {
            await _budget.ReleaseAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.BudgetReleaseFailed(_context.Logger, _job.JobId, _shard.Index, ex.Message);
        }
    }

    private async Task FlushPeriodicallyAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(_context.Options.CheckpointInterval, _context.Time, cancellationToken).ConfigureAwait(false);
            await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (_context.Now - _lastFlush >= _context.Options.CheckpointInterval)
                {
                    await FlushAsync(cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The next result or tick tries again; the buffer is kept until a part is written.
                Log.CheckpointFailed(_context.Logger, _job.JobId, _shard.Index, ex.Message);
            }
            finally
            {
                _gate.Release();
            }
        }
    }

    private async IAsyncEnumerable<RealtimeRequest> RequestsAsync(
        IAsyncEnumerable<ShardLine> lines, HashSet<long> done, InFlightLines inFlight, Action stopped,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var sliceStart = _context.Now;
        var sent = 0;
        await foreach (var (sequence, line) in lines.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (done.Contains(sequence))
            {
                continue;
            }

            if (_stopRequested)
            {
                stopped();
                break;
            }

            // Checked before a line is taken, so a full slice always leaves work behind for the next one.
            if (_slice is { } slice && (sent >= slice.MaxLines || _context.Now - sliceStart >= slice.MaxDuration))
            {
                _sliceFull = true;
                break;
            }

            if (await RejectAsync(sequence, line, cancellationToken).ConfigureAwait(false) is { } rejection)
            {
                await AddAsync(rejection, sent: false, cancellationToken).ConfigureAwait(false);
                continue;
            }

            var request = (RequestLine)line;
            if (!_window.Wait(0))
            {
                // The window is full: the journaled group goes out before waiting for room, or the window never drains.
                foreach (var ready in await _journal.WriteAsync(cancellationToken).ConfigureAwait(false))
                {
                    yield return ready;
                }

                await _window.WaitAsync(cancellationToken).ConfigureAwait(false);
            }

            sent++;
            inFlight.Start(request.CustomId, sequence, request.LineNumber, request.Model);
            // Each line goes to its own provider (a mixed shard), so the journal names the line's route, not the shard's.
            var (provider, tier) = _router.Resolve(request.Model, request.Url) is { } route
                ? (route.Provider, route.Tier)
                : (_router.Shard.Current.Provider, _router.Shard.Current.Tier);
            _journal.Add(
                SentLine.For(sequence, request, provider, tier, _context.Catalog, _context.Now),
                new RealtimeRequest(request.CustomId, request.Url, request.Model, _hints?.BodyOf(sequence, request) ?? request.Body, $"{_job.JobId}:{request.CustomId}")
                {
                    Deadline = _job.Deadline, // an outage costs the line time up to here, not its result
                });
            if (_journal.IsFull)
            {
                foreach (var ready in await _journal.WriteAsync(cancellationToken).ConfigureAwait(false))
                {
                    yield return ready;
                }
            }
        }

        foreach (var ready in await _journal.WriteAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return ready;
        }
    }

    private async Task<RejectedLine?> RejectAsync(long sequence, JobLine line, CancellationToken cancellationToken)
    {
        if (line is InvalidLine invalid)
        {
            return new RejectedLine(sequence, invalid.LineNumber, invalid.CustomId, invalid.Code, invalid.Message);
        }

        var request = (RequestLine)line;
        if (_router.Resolve(request.Model, request.Url) is not { } route)
        {
            return new RejectedLine(sequence, request.LineNumber, request.CustomId, "model_not_in_catalog", UnroutedLine.Why(_context, request.Model, request.Url));
        }

        // An unpriced line (unknown_model: run_unpriced) counts at the provider's dearest comparable price, unless the job
        // said to leave such lines out of its budgets.
        var price = route.Price;
        if (!_budget.Any || (price is null && _job.ExcludeUnpricedFromBudgets))
        {
            return null;
        }

        if (price is null && (price = UnpricedEstimate.PriceFor(_context.Catalog, route.Provider, request.Url)) is null)
        {
            return new RejectedLine(sequence, request.LineNumber, request.CustomId, "model_not_in_catalog",
                $"Not sent: model '{request.Model}' has no price, and the catalog prices nothing comparable on {route.Provider} to count it against "
                + "the job's budgets at; set unpriced_budget: exclude on the job to run it outside its budgets.");
        }

        var exceeded = _budgetExceeded;
        if (exceeded is null)
        {
            var estimate = CostEstimator.Estimate(request, price);
            exceeded = await _budget.TryCommitAsync(estimate, cancellationToken).ConfigureAwait(false);
            if (exceeded is null)
            {
                _estimates[request.CustomId] = estimate;
                if (route.Price is null)
                {
                    _unpricedAt[request.CustomId] = price;
                }

                return null;
            }

            _budgetExceeded = exceeded;
            Log.BudgetReached(_context.Logger, _job.JobId, exceeded.Description);
            await _context.Jobs.UpdateAsync(
                StorageLayout.JobState(_job.JobId), s => JobDecisions.BudgetExceeded(s, exceeded.Description, _context.Now),
                cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        return new RejectedLine(sequence, request.LineNumber, request.CustomId, "budget_exceeded",
            $"Not sent: with what is spent and in flight, this line could pass {exceeded.Description}.");
    }

    private async Task AddAsync(LineResult result, bool sent, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var record = await _records.BuildAsync(result, cancellationToken).ConfigureAwait(false);
            _checkpoint.Add(record, sent);
            EngineTelemetry.ResultRecorded(_span, result, record);
            if (result is AnsweredLine answered && _estimates.TryRemove(answered.Outcome.CustomId, out var estimate))
            {
                _budget.Settle(estimate, _unpricedAt.TryRemove(answered.Outcome.CustomId, out var unpriced) ? UnpricedEstimate.CostOf(answered, unpriced) : record.Cost);
            }

            if (_checkpoint.Buffered >= _context.Options.CheckpointLines || _context.Now - _lastFlush >= _context.Options.CheckpointInterval)
            {
                await FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    // Under the gate.
    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        var durable = await _checkpoint.FlushAsync(cancellationToken).ConfigureAwait(false);
        if (durable > 0)
        {
            _window.Release(durable);
        }

        _lastFlush = _context.Now;
        await RefreshJobAsync(cancellationToken).ConfigureAwait(false);
    }

    // Picks up a cancel or failure of the job.
    private async Task RefreshJobAsync(CancellationToken cancellationToken)
    {
        var job = await _context.Jobs.ReadAsync(StorageLayout.JobState(_job.JobId), cancellationToken).ConfigureAwait(false);
        if (job is null || job.Value.StopRequested)
        {
            _stopRequested = true;
        }
    }
}
